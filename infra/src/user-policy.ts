import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BASTION_CONNECTION_SECRET,
  gitSecretName,
  MANAGED_INSTANCE_TAG_KEYS,
  sshPublicKeysParameter,
} from '@studio-teams/schema';

/** What one person's policy is written for. */
export interface UserPolicyProps {
  /** The Studio user profile name (`jane-doe`). */
  readonly profile: string;
  /** Admins open and stop anyone's Studio; everyone else only their own. */
  readonly isAdmin: boolean;
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** The domain id (a CloudFormation token in the app). */
  readonly domainId: string;
  /** Buckets the container reads at app start (artifacts) and `status-all` reads (usage report). */
  readonly artifactsBucketArn: string;
  readonly usageReportObjectArn: string;
  /** SSH through SSM (`sm-ssh`): activations, sessions and commands, scoped by the owner tag. */
  readonly remoteAccess: boolean;
  /** Docker on the bastion: the connection secret, and SSH to the bastion through SSM. */
  readonly docker: boolean;
  /** ARN of the bastion instance, when there is one. */
  readonly bastionInstanceArn?: string;
}

/**
 * The one role a person may pass: their execution role, to SSM when `sm-ssh` registers a container
 * (and to SageMaker for jobs). An inline policy of the execution role, so the role and the managed
 * policy do not refer to each other.
 */
export function passOwnRoleStatement(executionRoleArn: string, remoteAccess: boolean): PolicyStatement {
  const services = ['sagemaker.amazonaws.com', ...(remoteAccess ? ['ssm.amazonaws.com'] : [])];
  return new PolicyStatement({
    sid: 'PassOwnExecutionRole',
    actions: ['iam:PassRole'],
    resources: [executionRoleArn],
    conditions: { StringEquals: { 'iam:PassedToService': services } },
  });
}

/**
 * AmazonSageMakerFullAccess lets its holder pass *any* role to SageMaker: a training job started from
 * bob's container with an admin's execution role would run as that admin (their secret, their
 * apps). This Deny keeps every role but the holder's own out of reach.
 */
export function denyPassingOtherRolesStatement(ownRoleArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'DenyPassingOtherRoles',
    effect: Effect.DENY,
    actions: ['iam:PassRole'],
    notResources: [ownRoleArn],
  });
}

/** Where the guardrails apply: the domain, and the profile whose changes stay allowed (none for a space's role). */
export interface GuardrailProps {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  readonly domainId: string;
  /** The holder's own profile name; a shared space's role has none. */
  readonly profile?: string;
}

/**
 * What a non-admin (and the role shared spaces run with) may never do, whatever else is attached
 * (AmazonSageMakerFullAccess allows all of it): change the domain or someone else's profile, or
 * create, change or delete someone else's private space, or retag the domain or a profile. Each could
 * make another person's apps run code of one's choosing (a lifecycle config, an execution role, a
 * space's settings), send their PAT to another host, or delete their work.
 */
export function guardrailStatements(p: GuardrailProps): PolicyStatement[] {
  const partition = p.partition ?? 'aws';
  const sm = (resource: string) => `arn:${partition}:sagemaker:${p.region}:${p.account}:${resource}`;
  const ownProfile = p.profile ? sm(`user-profile/${p.domainId}/${p.profile}`) : undefined;
  return [
    new PolicyStatement({
      sid: 'DenyDomainAndProfileAdministration',
      effect: Effect.DENY,
      actions: [
        'sagemaker:UpdateDomain',
        'sagemaker:DeleteDomain',
        'sagemaker:CreateUserProfile',
        'sagemaker:DeleteUserProfile',
      ],
      resources: ['*'],
    }),
    // The domain's git provider tag and the profiles' git identity tags are what every container's
    // credential helper and commits are set up from: only the team config (admins) sets them.
    new PolicyStatement({
      sid: 'DenyDomainAndProfileTags',
      effect: Effect.DENY,
      actions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
      resources: [sm(`domain/*`), sm(`user-profile/*`)],
    }),
    new PolicyStatement({
      sid: 'DenyOthersProfileChanges',
      effect: Effect.DENY,
      actions: ['sagemaker:UpdateUserProfile'],
      ...(ownProfile ? { notResources: [ownProfile] } : { resources: ['*'] }),
    }),
    new PolicyStatement({
      sid: 'DenyOthersPrivateSpaces',
      effect: Effect.DENY,
      actions: ['sagemaker:CreateSpace', 'sagemaker:UpdateSpace', 'sagemaker:DeleteSpace'],
      resources: [sm(`space/${p.domainId}/*`)],
      conditions: {
        StringEquals: { 'sagemaker:SpaceSharingType': 'Private' },
        ...(ownProfile ? { ArnNotEquals: { 'sagemaker:OwnerUserProfileArn': ownProfile } } : {}),
      },
    }),
  ];
}

/**
 * The original's user policy made tighter. Each statement has a Sid saying what it is for; the
 * explicit Denies keep the rules true whatever else is attached (the execution role also carries
 * AmazonSageMakerFullAccess, as in the original, for training jobs and the like).
 */
export function userPolicyStatements(p: UserPolicyProps): PolicyStatement[] {
  const partition = p.partition ?? 'aws';
  const sm = (resource: string) => `arn:${partition}:sagemaker:${p.region}:${p.account}:${resource}`;
  const ownProfile = sm(`user-profile/${p.domainId}/${p.profile}`);
  const ownApps = sm(`app/${p.domainId}/${p.profile}/*`);
  const allApps = sm(`app/${p.domainId}/*`);
  const secret = (name: string) =>
    `arn:${partition}:secretsmanager:${p.region}:${p.account}:secret:${name}-??????`;
  const ssm = (resource: string) => `arn:${partition}:ssm:${p.region}:${p.account}:${resource}`;

  const statements = [
    new PolicyStatement({
      sid: 'ReadStudio',
      actions: [
        'sagemaker:ListDomains',
        'sagemaker:ListApps',
        'sagemaker:ListSpaces',
        'sagemaker:ListUserProfiles',
        'sagemaker:ListTags',
        'sagemaker:DescribeDomain',
        'sagemaker:DescribeUserProfile',
        'sagemaker:DescribeSpace',
        'sagemaker:DescribeApp',
      ],
      // The List calls support no resource-level permissions.
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'OpenStudio',
      actions: ['sagemaker:CreatePresignedDomainUrl'],
      resources: [p.isAdmin ? sm(`user-profile/${p.domainId}/*`) : ownProfile],
    }),
    new PolicyStatement({
      sid: 'ManageOwnApps',
      actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
      resources: [p.isAdmin ? allApps : ownApps],
    }),
    // Space apps carry the space's sharing type; anyone may start and stop a shared space's apps.
    new PolicyStatement({
      sid: 'ManageSharedSpaceApps',
      actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
      resources: [allApps],
      conditions: { StringEquals: { 'sagemaker:SpaceSharingType': 'Shared' } },
    }),
    new PolicyStatement({
      sid: 'ManageOwnPrivateSpaceApps',
      actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
      resources: [allApps],
      conditions: { ArnEquals: { 'sagemaker:OwnerUserProfileArn': ownProfile } },
    }),
    new PolicyStatement({
      sid: 'ManageSpaces',
      actions: [
        'sagemaker:CreateSpace',
        'sagemaker:UpdateSpace',
        'sagemaker:DeleteSpace',
        'sagemaker:AddTags',
      ],
      resources: [sm(`space/${p.domainId}/*`)],
    }),
    new PolicyStatement({
      sid: 'OwnGitSecret',
      actions: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:DescribeSecret',
        // git-auth makes the secret when the stack did not (a profile added by hand).
        'secretsmanager:CreateSecret',
      ],
      resources: [secret(gitSecretName(p.profile))],
    }),
    new PolicyStatement({
      sid: 'ReadArtifacts',
      actions: ['s3:GetObject', 's3:ListBucket'],
      resources: [p.artifactsBucketArn, `${p.artifactsBucketArn}/*`],
    }),
    new PolicyStatement({
      sid: 'ReadUsageReport',
      actions: ['s3:GetObject'],
      resources: [p.usageReportObjectArn],
    }),
    new PolicyStatement({
      sid: 'PricesForTheCostPanel',
      actions: ['pricing:GetProducts'],
      // The Price List API has no resources.
      resources: ['*'],
    }),
  ];

  if (!p.isAdmin) {
    statements.push(
      new PolicyStatement({
        sid: 'DenyOthersStudio',
        effect: Effect.DENY,
        actions: ['sagemaker:CreatePresignedDomainUrl'],
        notResources: [ownProfile],
      }),
      // A user-profile app has no sharing type; only the user's own may be stopped or started.
      new PolicyStatement({
        sid: 'DenyOthersApps',
        effect: Effect.DENY,
        actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
        notResources: [ownApps],
        conditions: { Null: { 'sagemaker:SpaceSharingType': 'true' } },
      }),
      // Someone else's private space is theirs alone (whatever else the role carries).
      new PolicyStatement({
        sid: 'DenyOthersPrivateSpaceApps',
        effect: Effect.DENY,
        actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
        resources: [allApps],
        conditions: {
          StringEquals: { 'sagemaker:SpaceSharingType': 'Private' },
          ArnNotEquals: { 'sagemaker:OwnerUserProfileArn': ownProfile },
        },
      }),
      ...guardrailStatements(p),
    );
  }

  if (p.docker) {
    statements.push(
      new PolicyStatement({
        sid: 'BastionConnection',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret(BASTION_CONNECTION_SECRET)],
      }),
    );
    if (p.bastionInstanceArn) {
      statements.push(
        new PolicyStatement({
          sid: 'DockerThroughBastion',
          actions: ['ssm:StartSession'],
          resources: [p.bastionInstanceArn, `arn:${partition}:ssm:${p.region}::document/AWS-StartSSHSession`],
        }),
      );
    }
  }

  // Commands on the bastion run as root over everyone's home (delete-space removes a space's folder):
  // admins only.
  if (p.isAdmin && p.bastionInstanceArn) {
    statements.push(
      new PolicyStatement({
        sid: 'AdminCommandsOnBastion',
        actions: ['ssm:SendCommand'],
        resources: [p.bastionInstanceArn, `arn:${partition}:ssm:${p.region}::document/AWS-RunShellScript`],
      }),
      // The command's output (core/src/bastion.ts polls it); GetCommandInvocation has no resource type.
      new PolicyStatement({
        sid: 'AdminCommandResults',
        actions: ['ssm:GetCommandInvocation'],
        resources: ['*'],
      }),
    );
  }

  // Both sm-ssh and the Docker proxy end their own SSM sessions when the connection closes.
  if (p.remoteAccess || (p.docker && p.bastionInstanceArn)) {
    statements.push(
      new PolicyStatement({
        sid: 'OwnSessions',
        actions: ['ssm:TerminateSession', 'ssm:ResumeSession'],
        resources: [ssm('session/${aws:userid}-*')],
      }),
    );
  }

  if (p.remoteAccess) {
    const owner = `ssm:resourceTag/${MANAGED_INSTANCE_TAG_KEYS.owner}`;
    const ownerCondition = p.isAdmin ? {} : { conditions: { StringEquals: { [owner]: p.profile } } };
    statements.push(
      new PolicyStatement({
        sid: 'OwnSshPublicKeys',
        actions: ['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:PutParameter', 'ssm:DeleteParameter'],
        resources: [ssm(`parameter${sshPublicKeysParameter(p.profile)}`)],
      }),
      // SageMaker's own StartSession reaches a space directly (no agent): shared spaces, and one's own.
      new PolicyStatement({
        sid: 'RemoteAccessToSharedSpaces',
        actions: ['sagemaker:StartSession'],
        resources: [sm(`space/${p.domainId}/*`)],
        conditions: { StringEquals: { 'sagemaker:SpaceSharingType': 'Shared' } },
      }),
      new PolicyStatement({
        sid: 'RemoteAccessToOwnSpaces',
        actions: ['sagemaker:StartSession'],
        resources: [sm(`space/${p.domainId}/*`)],
        conditions: { ArnEquals: { 'sagemaker:OwnerUserProfileArn': ownProfile } },
      }),
      new PolicyStatement({
        sid: 'RegisterOwnContainers',
        actions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:RequestTag/${MANAGED_INSTANCE_TAG_KEYS.owner}`]: p.profile } },
      }),
      new PolicyStatement({
        sid: 'FindContainers',
        actions: [
          'ssm:DescribeInstanceInformation',
          'ssm:ListCommandInvocations',
          'ssm:GetCommandInvocation',
          'ssm:DescribeSessions',
        ],
        // Describe and List calls support no resource-level permissions.
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'ReachOwnContainers',
        actions: ['ssm:StartSession', 'ssm:SendCommand', 'ssm:DeregisterManagedInstance'],
        resources: [ssm('managed-instance/*')],
        ...ownerCondition,
      }),
      new PolicyStatement({
        sid: 'SessionDocuments',
        actions: ['ssm:StartSession', 'ssm:SendCommand'],
        resources: [
          `arn:${partition}:ssm:${p.region}::document/AWS-StartSSHSession`,
          `arn:${partition}:ssm:${p.region}::document/AWS-RunShellScript`,
        ],
      }),
    );
    if (!p.isAdmin) {
      statements.push(
        // CreateActivation's tags need AddTagsToResource, allowed above for one's own owner tag; on an
        // existing managed instance that would let bob re-tag carol's container as his and reach it.
        new PolicyStatement({
          sid: 'DenyRetaggingContainers',
          effect: Effect.DENY,
          actions: ['ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
          resources: [ssm('managed-instance/*')],
        }),
      );
    }
  }
  return statements;
}
