import { Stack, Validations } from 'aws-cdk-lib';
import {
  BlockDeviceVolume,
  CfnSecurityGroupIngress,
  EbsDeviceVolumeType,
  Instance,
  InstanceType,
  type ISubnet,
  type IVpc,
  MachineImage,
  OperatingSystemType,
  SecurityGroup,
  UserData,
} from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { SecretValue } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BASTION_CONNECTION_SECRET, type BastionConfig } from '@studio-teams/schema';
import { bastionUserData } from './bastion-user-data';

/** Ubuntu LTS from Canonical's public SSM parameter: resolved at deploy time, no lookup at synth. */
export const UBUNTU_AMI_PARAMETER =
  '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id';

export interface BastionProps {
  /** Instance type and disk size. */
  readonly config: BastionConfig;
  readonly vpc: IVpc;
  /** The private subnet (and so the AZ) the instance runs in. */
  readonly subnet: ISubnet;
  readonly region: string;
  /** The domain the bastion finds by name at boot (it cannot wait for it in CloudFormation). */
  readonly domainName: string;
  /** Where the daily usage report goes: `usageReportLocation(...)`, `{domainId}` in the key. */
  readonly reportBucket: string;
  readonly reportKeyPattern: string;
}

/**
 * The bastion: an SSM-managed Ubuntu instance with no inbound rule at all, Docker for the team (reached
 * with ssh over SSM), the domain's home EFS at /mnt/efs, a daily `docker system prune` of anything older
 * than a week, a daily EFS usage report to S3 for `status-all`, and the connection secret.
 */
export class Bastion extends Construct {
  readonly instance: Instance;
  readonly securityGroup: SecurityGroup;
  readonly connectionSecret: Secret;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Studio for Teams bastion: no inbound; NFS out to the domain EFS, HTTPS out to AWS',
      allowAllOutbound: true,
    });
    this.connectionSecret = new Secret(this, 'ConnectionSecret', {
      secretName: BASTION_CONNECTION_SECRET,
      description:
        'Studio for Teams bastion: {instance_id, private_key (base64)}, written by the bastion itself',
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
      description: 'Studio for Teams bastion',
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    const sm = (r: string) => `arn:${stack.partition}:sagemaker:${props.region}:${stack.account}:${r}`;
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['sagemaker:ListDomains', 'sagemaker:ListUserProfiles', 'sagemaker:ListSpaces'],
        resources: ['*'],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['sagemaker:DescribeDomain', 'sagemaker:DescribeUserProfile', 'sagemaker:DescribeSpace'],
        resources: [sm('domain/*'), sm('user-profile/*'), sm('space/*')],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [
          `arn:${stack.partition}:s3:::${props.reportBucket}/${props.reportKeyPattern.replace('{domainId}', '*')}`,
        ],
      }),
    );
    this.connectionSecret.grantWrite(this.role);

    const userData = UserData.custom(
      bastionUserData({
        region: props.region,
        domainName: props.domainName,
        reportBucket: props.reportBucket,
        reportKeyPattern: props.reportKeyPattern,
      }),
    );
    this.instance = new Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnets: [props.subnet] },
      instanceType: new InstanceType(props.config.instanceType),
      machineImage: MachineImage.fromSsmParameter(UBUNTU_AMI_PARAMETER, { os: OperatingSystemType.LINUX }),
      userData,
      role: this.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/sda1',
          volume: BlockDeviceVolume.ebs(props.config.volumeGiB, {
            volumeType: EbsDeviceVolumeType.GP3,
            encrypted: true,
          }),
        },
      ],
    });
    this.instance.node.addDependency(this.connectionSecret);

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
        reason: 'The bastion is reached only through SSM: this is the policy SSM documents for its agent.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The bastion writes its own key to this secret at boot; rotating means replacing the instance.',
      },
      {
        id: 'AwsSolutions-EC29',
        reason: 'A stateless bastion: everything on it is rebuilt by its user data, the data lives on EFS.',
      },
    );
  }

  /**
   * Lets the bastion reach the domain's home EFS: one NFS ingress rule, managed by CloudFormation, on
   * the inbound-NFS security group SageMaker made for the domain's mount targets (found by its name,
   * which SageMaker derives from the domain id). Replaces the original's boto3 script.
   */
  allowEfsFrom(domain: CfnDomain): void {
    const find = new AwsCustomResource(this, 'DomainNfsGroup', {
      onUpdate: {
        service: 'EC2',
        action: 'describeSecurityGroups',
        parameters: {
          Filters: [
            { Name: 'group-name', Values: [`security-group-for-inbound-nfs-${domain.attrDomainId}`] },
            { Name: 'vpc-id', Values: [domain.vpcId] },
          ],
        },
        physicalResourceId: PhysicalResourceId.of(domain.attrDomainId),
        outputPaths: ['SecurityGroups.0.GroupId'],
      },
      // DescribeSecurityGroups supports no resource-level permissions.
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    new CfnSecurityGroupIngress(this, 'EfsIngress', {
      groupId: find.getResponseField('SecurityGroups.0.GroupId'),
      ipProtocol: 'tcp',
      fromPort: 2049,
      toPort: 2049,
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      description: 'NFS from the Studio for Teams bastion',
    });
  }
}
