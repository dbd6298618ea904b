import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AppCost, LongRunningRules } from '@studio-teams/schema';
import { isLive, listApps } from '../apps';
import { toAppCost } from '../cost';
import { listSpaces } from '../spaces';
import { listUserProfiles } from '../user-profiles';

/** A user's or a space's apps past their limit, as the police reports them. */
export interface Offender {
  kind: 'user' | 'space';
  name: string;
  /** For a space, its owner's profile name when it has one (new-Studio spaces). */
  owner?: string;
  apps: AppCost[];
}

export interface Sweep {
  users: Offender[];
  spaces: Offender[];
  /** What was read, for the report and the benchmark. */
  counted: { userProfiles: number; spaces: number; apps: number; liveApps: number };
}

export interface SweepOptions {
  domainId: string;
  region: string;
  rules: LongRunningRules;
  now: Date;
}

/**
 * Every page of user profiles, spaces and apps (one paged ListApps over the whole domain, never one
 * per user), then the cost panel's own rule (`toAppCost(...).standing`) decides what is over the limit.
 * The original read only the first page of each list, so past ten users it policed nobody.
 */
export async function findLongRunning(sagemaker: SageMakerClient, opts: SweepOptions): Promise<Sweep> {
  const [profiles, spaces, apps] = await Promise.all([
    listUserProfiles(sagemaker, opts.domainId),
    listSpaces(sagemaker, opts.domainId),
    listApps(sagemaker, opts.domainId),
  ]);
  // The cost panel's own filter: a Pending app holds an instance too, and the panel counts it.
  const live = apps.filter(isLive);
  const over = live
    .map((a) => toAppCost(a, { now: opts.now, region: opts.region, rules: opts.rules }))
    .filter((c) => c.standing === 'over-limit')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const owners = new Map(
    spaces.map((s) => [s.SpaceName ?? '', s.OwnershipSettingsSummary?.OwnerUserProfileName]),
  );
  const group = (kind: 'user' | 'space'): Offender[] => {
    const byName = new Map<string, AppCost[]>();
    for (const app of over.filter((a) => a.owner.kind === kind)) {
      byName.set(app.owner.name, [...(byName.get(app.owner.name) ?? []), app]);
    }
    return [...byName.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, list]) => {
        const owner = kind === 'space' ? owners.get(name) : undefined;
        return { kind, name, ...(owner ? { owner } : {}), apps: list };
      });
  };
  return {
    users: group('user'),
    spaces: group('space'),
    counted: {
      userProfiles: profiles.length,
      spaces: spaces.length,
      apps: apps.length,
      liveApps: live.length,
    },
  };
}
