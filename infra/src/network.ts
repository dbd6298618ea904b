import { type ISubnet, type IVpc, IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { TeamConfig } from '@studio-teams/schema';

export interface NetworkProps {
  /** `create` a VPC like the original's, or use an `existing` one by id (no lookup at synth). */
  readonly vpc: TeamConfig['vpc'];
  /** The region, for the default AZ names of a new VPC. */
  readonly region: string;
}

/** Where Studio's apps and the bastion run: a VPC and its private subnets. */
export class Network extends Construct {
  readonly vpc: IVpc;
  /** One per AZ; Studio's apps and EFS mount targets live here. */
  readonly privateSubnets: ISubnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if ('create' in props.vpc) {
      const { create } = props.vpc;
      const zones =
        create.availabilityZones ??
        Array.from({ length: create.maxAzs }, (_, i) => `${props.region}${String.fromCharCode(97 + i)}`);
      const vpc = new Vpc(this, 'Vpc', {
        availabilityZones: zones,
        ipAddresses: IpAddresses.cidr(create.cidr),
        // The original's layout: a private and a public subnet per AZ, one NAT gateway.
        natGateways: 1,
        subnetConfiguration: [
          { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        ],
        flowLogs: { all: {} },
      });
      this.vpc = vpc;
      this.privateSubnets = vpc.privateSubnets;
    } else {
      const existing = props.vpc.existing;
      this.vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: existing.vpcId,
        availabilityZones: existing.availabilityZones,
        privateSubnetIds: existing.privateSubnetIds,
      });
      this.privateSubnets = this.vpc.privateSubnets;
    }
  }
}
