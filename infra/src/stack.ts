import path from 'node:path';
import { CfnResource, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type TeamConfig, usageReportLocation } from '@studio-teams/schema';
import { Bastion } from './bastion';
import { TeamBuckets } from './buckets';
import { StudioDomain } from './domain';
import { LifecycleConfigs } from './lifecycle-configs';
import { Network } from './network';
import { Police } from './police';
import { REPO_ROOT } from './repo-root';
import { SsmAdvancedTier } from './ssm-advanced-tier';
import { TeamMember } from './team-member';

/** CloudFormation's limit on resources in one stack. */
export const MAX_STACK_RESOURCES = 500;

export interface StudioTeamsStackProps extends StackProps {
  /** The validated team config (`loadTeamConfig`). */
  readonly config: TeamConfig;
  /** The lifecycle scripts' folder; default the repository's `lifecycle/`. */
  readonly lifecycleDir?: string;
  /** The built artifacts (scripts/artifacts/build.sh); default the repository's `dist/artifacts`. */
  readonly artifactsDir?: string;
}

/** Everything one team needs in one stack, made from the team config. */
export class StudioTeamsStack extends Stack {
  readonly network: Network;
  readonly buckets: TeamBuckets;
  readonly lifecycleConfigs: LifecycleConfigs;
  readonly studio: StudioDomain;
  readonly members: TeamMember[];
  readonly bastion?: Bastion;
  readonly police?: Police;

  constructor(scope: Construct, id: string, props: StudioTeamsStackProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const { config } = props;
    Tags.of(this).add('studio-teams:domain', config.domainName);

    this.network = new Network(this, 'Network', { vpc: config.vpc, region: config.region });
    // The report's bucket is fixed by account and region; its key holds the domain id (a token here).
    const reports = usageReportLocation(config.account, config.region, '{domainId}');
    this.buckets = new TeamBuckets(this, 'Buckets', {
      account: config.account,
      region: config.region,
      reportsBucketName: reports.bucket,
      artifactsDir: props.artifactsDir ?? path.join(REPO_ROOT, 'dist', 'artifacts'),
      destroyOnDelete: config.homeRetention === 'Delete',
    });
    this.lifecycleConfigs = new LifecycleConfigs(this, 'LifecycleConfigs', {
      dir: props.lifecycleDir ?? path.join(REPO_ROOT, 'lifecycle'),
      namePrefix: `studio-teams-${config.domainName}`,
    });

    const subnet = this.network.privateSubnets[0];
    if (config.bastion.enabled && subnet) {
      this.bastion = new Bastion(this, 'Bastion', {
        config: config.bastion,
        vpc: this.network.vpc,
        subnet,
        region: config.region,
        domainName: config.domainName,
        reportBucket: reports.bucket,
        reportKeyPattern: reports.key,
      });
    }

    this.studio = new StudioDomain(this, 'Studio', {
      config,
      vpc: this.network.vpc,
      subnets: this.network.privateSubnets,
      lifecycleConfigArns: this.lifecycleConfigs.arns,
      sharingBucket: this.buckets.sharing,
      ...(this.bastion ? { bastionInstanceId: this.bastion.instance.instanceId } : {}),
    });
    const domainId = this.studio.domain.attrDomainId;
    this.bastion?.allowEfsFrom(this.studio.domain);

    const reportObjectArn = this.formatArn({
      service: 's3',
      region: '',
      account: '',
      resource: reports.bucket,
      resourceName: reports.key.replace('{domainId}', domainId),
    });
    this.members = config.users.map(
      (user, i) =>
        new TeamMember(this, `Member${i}`, {
          user,
          domainId,
          account: config.account,
          region: config.region,
          iamUsersAccount: config.iamUsersAccount ?? config.account,
          artifactsBucketArn: this.buckets.artifacts.bucketArn,
          usageReportObjectArn: reportObjectArn,
          remoteAccess: config.remoteAccess.enabled,
          docker: config.dockerAccess && Boolean(this.bastion),
          ...(this.bastion ? { bastionInstanceArn: this.bastionArn(this.bastion) } : {}),
          dependsOn: this.studio.retention,
        }),
    );

    if (config.police.enabled) {
      this.police = new Police(this, 'Police', { config, domainId, reportsBucket: this.buckets.reports });
    }
    if (config.remoteAccess.enabled && config.remoteAccess.classicSsh) {
      new SsmAdvancedTier(this, 'SsmAdvancedTier');
    }

    this.node.addValidation({
      validate: () => {
        const count = this.node.findAll().filter((c) => c instanceof CfnResource).length;
        return count > MAX_STACK_RESOURCES
          ? [
              `the stack would hold ${count} resources, over CloudFormation's ${MAX_STACK_RESOURCES} ` +
                `(each of the ${config.users.length} people takes about 7): a team this large needs its ` +
                'members in nested stacks, which this app does not make yet',
            ]
          : [];
      },
    });
  }

  private bastionArn(bastion: Bastion): string {
    return this.formatArn({
      service: 'ec2',
      resource: 'instance',
      resourceName: bastion.instance.instanceId,
    });
  }
}
