import type { AppDetails } from '@aws-sdk/client-sagemaker';
import { usageReportLocation } from '@studio-teams/schema';
import type { AppCost, OwnerUsage, SpacesList, StatusAllReport, StatusReport } from '@studio-teams/schema';
import { inScope, isLive, listApps } from './apps';
import type { StudioContext } from './context';
import { costTotals, toAppCost } from './cost';
import { accountOf, domainRef } from './domain';
import { listSpaces, toSpaceSummary } from './spaces';
import { readUsageReport } from './usage-report';
import { listUserProfiles } from './user-profiles';

/**
 * The read side of `sm-studio`: the shapes `status`, `status-all` and `spaces list` print, built from
 * as few AWS calls as the APIs allow (one paged list per resource kind, never a call per user).
 */

const byCreation = (a: AppCost, b: AppCost) => a.createdAt.localeCompare(b.createdAt);

function costs(ctx: StudioContext, apps: AppDetails[]): AppCost[] {
  const now = ctx.now();
  return apps
    .filter(isLive)
    .map((a) => toAppCost(a, { now, region: ctx.domain.region, rules: ctx.rules }))
    .sort(byCreation);
}

export interface StatusRequest {
  userProfileName: string;
  /** Report on this space instead of the user's own apps. */
  spaceName?: string | undefined;
  /** Also the apps of the spaces the user owns. */
  includeOwnedSpaces?: boolean | undefined;
}

/** `status`: the running (Pending/InService) apps of a user, of a space, or of a user and their spaces. */
export async function statusReport(ctx: StudioContext, req: StatusRequest): Promise<StatusReport> {
  const { sagemaker } = ctx.clients;
  let apps: AppDetails[];
  if (req.spaceName) {
    apps = await listApps(sagemaker, ctx.domain.id, { kind: 'space', name: req.spaceName });
  } else if (req.includeOwnedSpaces) {
    // ListSpaces has no owner filter: one pass over the spaces and one over the domain's apps.
    const [spaces, all] = await Promise.all([
      listSpaces(sagemaker, ctx.domain.id),
      listApps(sagemaker, ctx.domain.id),
    ]);
    const owned = new Set(
      spaces
        .filter((s) => s.OwnershipSettingsSummary?.OwnerUserProfileName === req.userProfileName)
        .map((s) => s.SpaceName),
    );
    apps = all.filter(
      (a) =>
        inScope(a, { kind: 'user', name: req.userProfileName }) || (a.SpaceName && owned.has(a.SpaceName)),
    );
  } else {
    apps = await listApps(sagemaker, ctx.domain.id, { kind: 'user', name: req.userProfileName });
  }
  const appCosts = costs(ctx, apps);
  return {
    generatedAt: ctx.now().toISOString(),
    domain: domainRef(ctx.domain),
    userProfileName: req.userProfileName,
    ...(req.spaceName ? { spaceName: req.spaceName } : {}),
    apps: appCosts,
    totals: costTotals(appCosts),
  };
}

/** `s3://…` of the domain's usage report, at the fixed location the bastion writes to. */
function reportLocation(ctx: StudioContext): string | undefined {
  const account = accountOf(ctx.domain);
  if (!account) return undefined;
  const { bucket, key } = usageReportLocation(account, ctx.domain.region, ctx.domain.id);
  return `s3://${bucket}/${key}`;
}

export interface StatusAllResult {
  report: StatusAllReport;
  /** Why the EFS figures are unknown, when they are. */
  usageNote?: string;
}

/**
 * `status-all`: every user and space with EFS use and running apps. One paged pass each over user
 * profiles, spaces and apps, plus one S3 GetObject for the usage report, all in parallel.
 */
export async function statusAllReport(ctx: StudioContext): Promise<StatusAllResult> {
  const { sagemaker, s3 } = ctx.clients;
  const [profiles, spaces, apps, usage] = await Promise.all([
    listUserProfiles(sagemaker, ctx.domain.id),
    listSpaces(sagemaker, ctx.domain.id),
    listApps(sagemaker, ctx.domain.id),
    readUsageReport(s3, reportLocation(ctx)),
  ]);
  const appCosts = costs(ctx, apps);
  const report = usage.report;

  const group = (
    kind: 'user' | 'space',
    names: string[],
    efs: Record<string, number> | undefined,
  ): OwnerUsage[] => {
    const mine = appCosts.filter((a) => a.owner.kind === kind);
    // Apps of a profile or space that is no longer listed still cost money: keep their owner.
    const all = [...new Set([...names, ...mine.map((a) => a.owner.name)])].sort((a, b) => a.localeCompare(b));
    return all.map((name) => ({
      name,
      efsBytes: efs?.[name] ?? null,
      apps: mine.filter((a) => a.owner.name === name),
    }));
  };

  return {
    report: {
      generatedAt: ctx.now().toISOString(),
      domain: domainRef(ctx.domain),
      efs: {
        reportGeneratedAt: report?.generatedAt ?? null,
        totalBytes: report?.totalBytes ?? null,
        unknownReason: report ? null : (usage.note ?? 'no usage report'),
      },
      users: group('user', profiles.map((p) => p.UserProfileName ?? '').filter(Boolean), report?.profiles),
      spaces: group('space', spaces.map((s) => s.SpaceName ?? '').filter(Boolean), report?.spaces),
      totals: costTotals(appCosts),
    },
    ...(usage.note ? { usageNote: usage.note } : {}),
  };
}

/** `spaces list`. */
export async function spacesList(ctx: StudioContext): Promise<SpacesList> {
  const spaces = await listSpaces(ctx.clients.sagemaker, ctx.domain.id);
  return {
    domain: domainRef(ctx.domain),
    spaces: spaces.map(toSpaceSummary).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
