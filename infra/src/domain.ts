import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ISubnet, IVpc } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Effect, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { DOMAIN_TAGS, type TeamConfig } from '@studio-teams/schema';
import { HomeRetention } from './home-retention';
import type { LifecycleAppType } from './lifecycle-configs';
import { denyPassingOtherRolesStatement, guardrailStatements } from './user-policy';

export interface StudioDomainProps {
  /** The team config: name, flavour, instance types, idle shutdown, Docker, retention, git host. */
  readonly config: TeamConfig;
  /** Where the apps run. */
  readonly vpc: IVpc;
  /** The private subnets, one per AZ (SageMaker puts an EFS mount target in each). */
  readonly subnets: ISubnet[];
  /** Lifecycle config ARNs by app type; app types without one get none. */
  readonly lifecycleConfigArns: Partial<Record<LifecycleAppType, string>>;
  /** Where Studio's shared notebook snapshots go. */
  readonly sharingBucket: IBucket;
  /** Recorded as the `DOMAIN_TAGS.bastionInstanceId` tag, when there is a bastion. */
  readonly bastionInstanceId?: string;
}

/**
 * The Studio domain: IAM auth, execution-role identity by profile name, default settings for the
 * JupyterLab, JupyterServer, KernelGateway (and Code Editor) apps with their lifecycle configs,
 * built-in idle shutdown, Docker settings, the sharing bucket, home EFS retention, and the tags
 * laptops read (git provider, bastion).
 */
export class StudioDomain extends Construct {
  readonly domain: CfnDomain;
  /** The role of apps in spaces and of profiles without their own. */
  readonly defaultRole: Role;
  /** Deleted before the domain's profiles are: make each profile depend on it. */
  readonly retention: HomeRetention;

  constructor(scope: Construct, id: string, props: StudioDomainProps) {
    super(scope, id);
    const { config } = props;
    this.defaultRole = new Role(this, 'DefaultExecutionRole', {
      assumedBy: new ServicePrincipal('sagemaker.amazonaws.com'),
      description: `Studio for Teams: default execution role of domain ${config.domainName} (spaces)`,
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess')],
    });
    this.defaultRole.assumeRolePolicy?.addStatements(
      new PolicyStatement({
        actions: ['sts:SetSourceIdentity'],
        principals: [new ServicePrincipal('sagemaker.amazonaws.com')],
      }),
    );
    // Nobody opens Studio as the domain's default role: presigned URLs are per person.
    this.defaultRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sagemaker:CreatePresignedDomainUrl'],
        resources: ['*'],
      }),
    );
    // Everyone on the team runs code as this role in shared spaces: it must not reach further than a
    // non-admin does (AmazonSageMakerFullAccess would let it pass an admin's role, rewrite profiles,
    // or stop anyone's apps).
    this.defaultRole.addToPolicy(denyPassingOtherRolesStatement(this.defaultRole.roleArn));
    for (const statement of guardrailStatements({
      account: config.account,
      region: config.region,
      domainId: '*',
    }))
      this.defaultRole.addToPolicy(statement);
    this.defaultRole.addToPolicy(
      new PolicyStatement({
        sid: 'DenyUserAndPrivateSpaceApps',
        effect: Effect.DENY,
        actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp'],
        resources: ['*'],
        conditions: { StringNotEqualsIfExists: { 'sagemaker:SpaceSharingType': 'Shared' } },
      }),
    );
    props.sharingBucket.grantReadWrite(this.defaultRole);
    Validations.of(this.defaultRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSageMakerFullAccess]',
      reason: 'Spaces run notebooks that start training and processing jobs, as the original allowed.',
    });

    const lcc = props.lifecycleConfigArns;
    const spec = (instanceType: string, arn: string | undefined) => ({
      instanceType,
      ...(arn ? { lifecycleConfigArn: arn } : {}),
    });
    const arns = (arn: string | undefined) => (arn ? { lifecycleConfigArns: [arn] } : {});
    const idle = {
      appLifecycleManagement: {
        idleSettings: { lifecycleManagement: 'ENABLED', idleTimeoutInMinutes: config.idleShutdownMinutes },
      },
    };
    const types = config.defaultInstanceTypes;
    const jupyterLabAppSettings = {
      defaultResourceSpec: spec(types.jupyterLab, lcc.JupyterLab),
      ...arns(lcc.JupyterLab),
      ...idle,
    };
    const jupyterServerAppSettings = {
      defaultResourceSpec: spec('system', lcc.JupyterServer),
      ...arns(lcc.JupyterServer),
    };
    const kernelGatewayAppSettings = {
      defaultResourceSpec: spec(types.kernelGateway, lcc.KernelGateway),
      ...arns(lcc.KernelGateway),
    };
    const codeEditorAppSettings = {
      defaultResourceSpec: spec(types.jupyterLab, lcc.CodeEditor),
      ...arns(lcc.CodeEditor),
      ...idle,
    };
    const classicOnly = config.studioFlavour === 'classic';

    this.domain = new CfnDomain(this, 'Domain', {
      domainName: config.domainName,
      authMode: 'IAM',
      vpcId: props.vpc.vpcId,
      subnetIds: props.subnets.map((s) => s.subnetId),
      domainSettings: {
        // Calls from a container carry the profile name as source identity (CloudTrail names the person).
        executionRoleIdentityConfig: 'USER_PROFILE_NAME',
        dockerSettings: { enableDockerAccess: config.dockerAccess ? 'ENABLED' : 'DISABLED' },
      },
      defaultUserSettings: {
        executionRole: this.defaultRole.roleArn,
        studioWebPortal: classicOnly ? 'DISABLED' : 'ENABLED',
        defaultLandingUri: classicOnly ? 'app:JupyterServer:' : 'studio::',
        jupyterLabAppSettings,
        jupyterServerAppSettings,
        kernelGatewayAppSettings,
        codeEditorAppSettings,
        sharingSettings: {
          notebookOutputOption: 'Allowed',
          s3OutputPath: props.sharingBucket.s3UrlForObject('sharing'),
        },
      },
      defaultSpaceSettings: {
        executionRole: this.defaultRole.roleArn,
        jupyterLabAppSettings,
        jupyterServerAppSettings,
        kernelGatewayAppSettings,
      },
      appNetworkAccessType: 'PublicInternetOnly',
      tagPropagation: 'ENABLED',
      tags: [
        { key: DOMAIN_TAGS.gitProviderHost, value: config.gitProviderHost },
        ...(props.bastionInstanceId
          ? [{ key: DOMAIN_TAGS.bastionInstanceId, value: props.bastionInstanceId }]
          : []),
      ],
    });
    // CloudFormation cannot say what happens to the home EFS (a DeleteDomain parameter): HomeRetention
    // deletes the domain itself with the configured policy, so CloudFormation only forgets it.
    this.domain.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.retention = new HomeRetention(this, 'HomeRetention', {
      domain: this.domain,
      retention: config.homeRetention,
    });
  }
}
