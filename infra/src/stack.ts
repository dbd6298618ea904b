import path from 'node:path';
import { CfnParameter, CfnResource, NestedStack, Stack, type StackProps, Tags } from 'aws-cdk-lib';
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

/** People per stack: above this the members go in nested stacks of this many (about 7 resources each). */
export const MEMBERS_PER_STACK = 40;

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
    // A big team's members go in nested stacks: each person takes about 7 resources and a stack holds 500.
    const shared = {
      domainId,
      artifactsBucketArn: this.buckets.artifacts.bucketArn,
      usageReportObjectArn: reportObjectArn,
      ...(this.bastion ? { bastionInstanceArn: this.bastionArn(this.bastion) } : {}),
    };
    const groups: NestedStack[] = [];
    const scopes: { scope: Construct; values: typeof shared }[] = [];
    const scopeFor = (i: number): { scope: Construct; values: typeof shared } => {
      if (config.users.length <= MEMBERS_PER_STACK) return { scope: this, values: shared };
      const k = Math.floor(i / MEMBERS_PER_STACK);
      scopes[k] ??= this.membersStack(k, config.users.length, shared, groups);
      return scopes[k];
    };
    const seen = new Set<string>();
    this.members = config.users.map((user, i) => {
      const firstWithAddress = !seen.has(user.email);
      seen.add(user.email);
      const { scope, values } = scopeFor(i);
      return new TeamMember(scope, `Member${i}`, {
        user,
        ...values,
        account: config.account,
        region: config.region,
        iamUsersAccount: config.iamUsersAccount ?? config.account,
        remoteAccess: config.remoteAccess.enabled,
        docker: config.dockerAccess && Boolean(this.bastion),
        dependsOn: this.studio.retention,
        sesIdentity: config.police.enabled && firstWithAddress,
      });
    });

    if (config.police.enabled) {
      this.police = new Police(this, 'Police', { config, domainId, reportsBucket: this.buckets.reports });
    }
    if (config.remoteAccess.enabled && config.remoteAccess.classicSsh) {
      new SsmAdvancedTier(this, 'SsmAdvancedTier');
    }

    this.node.addValidation({
      validate: () =>
        [this, ...groups].flatMap((stack) => {
          const count = stack.node
            .findAll()
            .filter((c) => c instanceof CfnResource && Stack.of(c) === stack).length;
          return count > MAX_STACK_RESOURCES
            ? [
                `${stack.node.path} would hold ${count} resources, over CloudFormation's ${MAX_STACK_RESOURCES}: ` +
                  'turn off optional parts (police, bastion) or report this as a bug',
              ]
            : [];
        }),
    });
  }

  /**
   * The k-th nested stack of members. What they refer to in this stack comes in as named parameters,
   * so their policies read the same before and after synthesis (cdk-nag's acknowledgements match).
   */
  private membersStack(
    k: number,
    people: number,
    values: {
      domainId: string;
      artifactsBucketArn: string;
      usageReportObjectArn: string;
      bastionInstanceArn?: string;
    },
    groups: NestedStack[],
  ): { scope: Construct; values: typeof values } {
    const names = Object.keys(values) as (keyof typeof values)[];
    const parameterName = (n: string) => n.charAt(0).toUpperCase() + n.slice(1);
    const nested = new NestedStack(this, `Members${k}`, {
      description: `Studio for Teams: people ${k * MEMBERS_PER_STACK + 1} to ${Math.min(people, (k + 1) * MEMBERS_PER_STACK)}`,
      parameters: Object.fromEntries(names.map((n) => [parameterName(n), values[n] as string])),
    });
    groups.push(nested);
    const inside = Object.fromEntries(
      names.map((n) => [n, new CfnParameter(nested, parameterName(n), { type: 'String' }).valueAsString]),
    ) as typeof values;
    return { scope: nested, values: inside };
  }

  private bastionArn(bastion: Bastion): string {
    return this.formatArn({
      service: 'ec2',
      resource: 'instance',
      resourceName: bastion.instance.instanceId,
    });
  }
}
