import type { AppDetails } from '@aws-sdk/client-sagemaker';
import {
  type AppCost,
  type CostTotals,
  type LongRunningRules,
  PRICE_TABLE,
  type PriceTable,
  type Standing,
} from '@studio-teams/schema';

/**
 * What an app costs and whether it has run too long. Pure functions, no AWS calls: `sm-studio status`,
 * the sidecar's cost route and the police Lambda all call these, so the three never disagree.
 */

/** USD per hour, or null when the table has no price for this type in this region (never 0 for unknown). */
export function priceFor(
  instanceType: string | null | undefined,
  region: string,
  table: PriceTable = PRICE_TABLE,
): number | null {
  if (!instanceType) return null;
  const price = table.regions[region]?.[instanceType];
  return price === undefined ? null : price;
}

/** `ml.g4dn.xlarge` -> `g4dn`; null for `system` and anything not shaped `ml.<family>.<size>`. */
export function instanceFamily(instanceType: string | null | undefined): string | null {
  const m = /^ml\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(instanceType ?? '');
  return m?.[1] ?? null;
}

/** Hours after which an app of this type counts as long-running. */
export function limitHoursFor(instanceType: string | null | undefined, rules: LongRunningRules): number {
  const family = instanceFamily(instanceType);
  return family !== null && rules.cheapFamilies.includes(family) ? rules.cheapMaxHours : rules.otherMaxHours;
}

/**
 * `over-limit` past the limit (the original police: a t3 after 5 days, anything else after 1 day),
 * `near-limit` from `nearFraction` of it. The free `system` instance behind JupyterServer never is.
 */
export function standingOf(
  instanceType: string | null | undefined,
  uptimeHours: number,
  rules: LongRunningRules,
): Standing {
  if (instanceType === 'system') return 'ok';
  const limit = limitHoursFor(instanceType, rules);
  if (uptimeHours > limit) return 'over-limit';
  if (uptimeHours >= limit * rules.nearFraction) return 'near-limit';
  return 'ok';
}

/**
 * The instance type AWS reports; older responses only encode it in KernelGateway app names
 * (`datascience-1-0-ml-t3-medium-1abf3407f667f989be9d86559395`), which the original parsed.
 */
export function instanceTypeOf(app: Pick<AppDetails, 'ResourceSpec' | 'AppName'>): string | null {
  const reported = app.ResourceSpec?.InstanceType;
  if (reported) return reported;
  const m = /(?:^|-)ml-([a-z0-9]+)-(\d*x?large|medium|small|micro|nano)(?:-|$)/.exec(app.AppName ?? '');
  return m ? `ml.${m[1]}.${m[2]}` : null;
}

export interface CostOptions {
  now: Date;
  region: string;
  rules: LongRunningRules;
  table?: PriceTable;
}

/** Money is shown in cents; four decimals keep sums of many small figures honest. */
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

export function toAppCost(app: AppDetails, { now, region, rules, table }: CostOptions): AppCost {
  const instanceType = instanceTypeOf(app);
  const created = app.CreationTime ?? now;
  const uptimeSeconds = Math.max(0, Math.floor((now.getTime() - created.getTime()) / 1000));
  const uptimeHours = uptimeSeconds / 3600;
  const pricePerHour = priceFor(instanceType, region, table);
  return {
    domainId: app.DomainId ?? '',
    owner: app.SpaceName
      ? { kind: 'space', name: app.SpaceName }
      : { kind: 'user', name: app.UserProfileName ?? '' },
    appType: app.AppType ?? 'unknown',
    appName: app.AppName ?? '',
    status: app.Status ?? 'unknown',
    instanceType,
    createdAt: created.toISOString(),
    uptimeSeconds,
    pricePerHour,
    costSoFar: pricePerHour === null ? null : round4(pricePerHour * uptimeHours),
    standing: standingOf(instanceType, uptimeHours, rules),
    limitHours: limitHoursFor(instanceType, rules),
  };
}

/** Sums of the priced apps; the unpriced ones are counted so "total" never silently means "partial". */
export function costTotals(apps: readonly AppCost[]): CostTotals {
  let pricePerHour = 0;
  let costSoFar = 0;
  let unpricedApps = 0;
  for (const a of apps) {
    if (a.pricePerHour === null || a.costSoFar === null) {
      unpricedApps += 1;
      continue;
    }
    pricePerHour += a.pricePerHour;
    costSoFar += a.costSoFar;
  }
  return { pricePerHour: round4(pricePerHour), costSoFar: round4(costSoFar), unpricedApps };
}
