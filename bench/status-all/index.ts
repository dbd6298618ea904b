/**
 * `sm-studio status-all` against the original's call pattern, side by side on the same emulator with
 * the same per-call latency: U users, S spaces, A apps. Ours must need about
 * ceil(U/100)+ceil(S/100)+ceil(A/100)+2 calls and be at least 20x faster.
 */
import {
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { connectDomain, createClients, destroyClients, statusAllReport } from '@studio-teams/core';
import { startTestStudio } from '@studio-teams/emulator';
import { sumCalls, timed, writeResult } from '../lib/results';
import { teamSeed } from '../lib/team-seed';

const USERS = 500;
const SPACES = 50;
const APPS = 1000;
const LATENCY_MS = 20;

/** The original `status_all`: per user DescribeUserProfile + ListApps, per space DescribeSpace + ListApps. */
async function originalPattern(sm: SageMakerClient, domainId: string): Promise<number> {
  let apps = 0;
  let token: string | undefined;
  const users: string[] = [];
  do {
    const page = await sm.send(new ListUserProfilesCommand({ DomainIdEquals: domainId, NextToken: token }));
    users.push(...(page.UserProfiles ?? []).map((u) => u.UserProfileName ?? ''));
    token = page.NextToken;
  } while (token);
  for (const user of users) {
    await sm.send(new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: user }));
    const out = await sm.send(new ListAppsCommand({ DomainIdEquals: domainId, UserProfileNameEquals: user }));
    apps += out.Apps?.length ?? 0;
  }
  const spaces: string[] = [];
  do {
    const page = await sm.send(new ListSpacesCommand({ DomainIdEquals: domainId, NextToken: token }));
    spaces.push(...(page.Spaces ?? []).map((s) => s.SpaceName ?? ''));
    token = page.NextToken;
  } while (token);
  for (const space of spaces) {
    await sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: space }));
    const out = await sm.send(new ListAppsCommand({ DomainIdEquals: domainId, SpaceNameEquals: space }));
    apps += out.Apps?.length ?? 0;
  }
  return apps;
}

export async function run(): Promise<void> {
  const studio = await startTestStudio({
    seed: teamSeed(USERS, SPACES, APPS),
    strict: false,
    faults: { latencyMs: LATENCY_MS },
  });
  try {
    const { clients, settings } = createClients({ env: studio.env });
    const domainId = studio.emulator.domainId('datascience');

    studio.emulator.resetCalls();
    const ours = await timed(async () => {
      const ctx = await connectDomain(clients, 'datascience', { region: settings.region });
      return statusAllReport(ctx);
    });
    const calls = sumCalls(studio.emulator.calls());
    const appsSeen = [...ours.value.report.users, ...ours.value.report.spaces].reduce(
      (n, o) => n + o.apps.length,
      0,
    );

    studio.emulator.resetCalls();
    const baseline = await timed(() => originalPattern(clients.sagemaker, domainId));
    const baselineCalls = sumCalls(studio.emulator.calls());

    const budget = Math.ceil(USERS / 100) + Math.ceil(SPACES / 100) + Math.ceil(APPS / 100) + 2;
    writeResult('status-all', {
      users: USERS,
      spaces: SPACES,
      apps: APPS,
      latency_ms_per_call: LATENCY_MS,
      calls,
      call_budget: budget,
      wall_ms: Math.round(ours.ms),
      baseline_calls: baselineCalls,
      baseline_wall_ms: Math.round(baseline.ms),
      speedup: Number((baseline.ms / ours.ms).toFixed(1)),
      live_apps_reported: appsSeen,
    });
    destroyClients(clients);
  } finally {
    await studio.close();
  }
}
