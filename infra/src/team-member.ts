import { SecretValue, Validations } from 'aws-cdk-lib';
import {
  ArnPrincipal,
  CompositePrincipal,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { CfnUserProfile } from 'aws-cdk-lib/aws-sagemaker';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct, type IDependable } from 'constructs';
import { gitSecretName, profileNameFor, type TeamUser, USER_PROFILE_TAGS } from '@studio-teams/schema';
import {
  denyPassingOtherRolesStatement,
  passOwnRoleStatement,
  userPolicyStatements,
  type UserPolicyProps,
} from './user-policy';

export interface TeamMemberProps {
  /** The person, as the team config lists them. */
  readonly user: TeamUser;
  /** The domain id (a CloudFormation token). */
  readonly domainId: string;
  readonly account: string;
  readonly region: string;
  /** The account of the person's IAM user, who may assume their role. */
  readonly iamUsersAccount: string;
  /** Read at app start by the lifecycle scripts. */
  readonly artifactsBucketArn: string;
  /** Read by `status-all`. */
  readonly usageReportObjectArn: string;
  /** SSH through SSM (`sm-ssh`). */
  readonly remoteAccess: boolean;
  /** Docker on the bastion. */
  readonly docker: boolean;
  /** The bastion, when there is one: Docker over SSM, and commands for admins. */
  readonly bastionInstanceArn?: string;
  /** Register the person's address with SES (AWS sends a verification email), for the police. */
  readonly sesIdentity?: boolean;
  /** Made before the profile (the domain's home-retention resource: profiles are deleted first). */
  readonly dependsOn?: IDependable;
}

/**
 * One person: their user profile (`first.last` -> `first-last`, tagged with the git identity), an
 * execution role, the policy both their roles carry, the IAM role their IAM user assumes from the
 * laptop (session name = their name), the GitLab PAT secret, and their SES identity for the police.
 */
export class TeamMember extends Construct {
  readonly profileName: string;
  readonly executionRole: Role;
  readonly laptopRole: Role;
  readonly policy: ManagedPolicy;
  readonly profile: CfnUserProfile;

  constructor(scope: Construct, id: string, props: TeamMemberProps) {
    super(scope, id);
    const { user } = props;
    const profile = profileNameFor(user.name);
    this.profileName = profile;

    this.executionRole = new Role(this, 'ExecutionRole', {
      description: `Studio for Teams: execution role of ${user.name}'s apps`,
      // SageMaker runs the apps; SSM runs the agent registered by sm-ssh with this role. Without remote
      // access there is no agent, and the agent's policy (ssm:GetParameter on every parameter among
      // others) is left off.
      assumedBy: props.remoteAccess
        ? new CompositePrincipal(
            new ServicePrincipal('sagemaker.amazonaws.com'),
            new ServicePrincipal('ssm.amazonaws.com'),
          )
        : new ServicePrincipal('sagemaker.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess'),
        ...(props.remoteAccess
          ? [ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')]
          : []),
      ],
    });

    // The domain passes the profile name as source identity (executionRoleIdentityConfig).
    this.executionRole.assumeRolePolicy?.addStatements(
      new PolicyStatement({
        actions: ['sts:SetSourceIdentity'],
        principals: [new ServicePrincipal('sagemaker.amazonaws.com')],
      }),
    );

    const policyProps: UserPolicyProps = {
      profile,
      isAdmin: user.isAdmin,
      account: props.account,
      region: props.region,
      domainId: props.domainId,
      artifactsBucketArn: props.artifactsBucketArn,
      usageReportObjectArn: props.usageReportObjectArn,
      remoteAccess: props.remoteAccess,
      docker: props.docker,
      ...(props.bastionInstanceArn ? { bastionInstanceArn: props.bastionInstanceArn } : {}),
    };
    this.policy = new ManagedPolicy(this, 'Policy', {
      description: `Studio for Teams: what ${user.name} may do (own profile, apps, secret and SSH keys)`,
      statements: userPolicyStatements(policyProps),
    });
    this.executionRole.addManagedPolicy(this.policy);
    this.executionRole.addToPolicy(passOwnRoleStatement(this.executionRole.roleArn, props.remoteAccess));
    this.executionRole.addToPolicy(denyPassingOtherRolesStatement(this.executionRole.roleArn));

    this.laptopRole = new Role(this, 'LaptopRole', {
      // The original's convention: a role named after the person, assumed by their IAM user.
      roleName: user.name,
      description: `Studio for Teams: ${user.name} on their laptop (sm-studio, sm-ssh)`,
      assumedBy: new ArnPrincipal(`arn:aws:iam::${props.iamUsersAccount}:user/${user.name}`).withConditions({
        // The laptop commands derive the profile from the session name: it must be the person's.
        StringEquals: { 'sts:RoleSessionName': user.name },
      }),
      managedPolicies: [this.policy],
    });

    new Secret(this, 'GitSecret', {
      secretName: gitSecretName(profile),
      description: `${user.name}'s GitLab personal access token ({"GITLAB_PAT": …}), set with git-auth`,
      // An empty JSON object until the person stores their PAT; CloudFormation never sees the token.
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });

    this.profile = new CfnUserProfile(this, 'Profile', {
      domainId: props.domainId,
      userProfileName: profile,
      userSettings: { executionRole: this.executionRole.roleArn },
      tags: [
        { key: USER_PROFILE_TAGS.gitUserName, value: user.name },
        { key: USER_PROFILE_TAGS.email, value: user.email },
      ],
    });
    if (props.dependsOn) this.profile.node.addDependency(props.dependsOn);
    if (props.sesIdentity) new CfnEmailIdentity(this, 'EmailIdentity', { emailIdentity: user.email });

    if (props.remoteAccess)
      Validations.of(this).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
        reason: 'The SSM agent sm-ssh registers in the container runs with this role.',
      });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSageMakerFullAccess]',
        reason:
          'Apps start training and processing jobs, as the original allowed; own-profile rules are explicit Denies.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'A personal access token is rotated by its owner at the git provider, then stored with git-auth.',
      },
    );
  }
}
