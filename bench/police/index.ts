/**
 * The police on a big team (U users, S spaces, A apps) beside the original's per-user reading, on the
 * same emulator with the same per-call latency. Ours must read in about
 * ceil(U/100)+ceil(S/100)+ceil(A/100)+2 calls and be at least 20x faster; and the original, which read
 * only the first page of each list, would have missed most long-running apps: that count is written too.
 */
import {
  type AppDetails,
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { VerifyDomainIdentityCommand } from '@aws-sdk/client-ses';
import { createClients, destroyClients, isLive, police, toAppCost } from '@studio-teams/core';
import { DEFAULT_LONG_RUNNING_RULES, POLICE_ADDRESS_BOOK_KEY, profileNameFor } from '@studio-teams/schema';
import { startTestStudio } from '@studio-teams/emulator';
import { sumCalls, timed, writeResult } from '../lib/results';
import { teamSeed } from '../lib/team-seed';

const USERS = 1000;
const SPACES = 50;
const APPS = 2000;
const LATENCY_MS = 20;
const MAIL_DOMAIN = 'bench.test';
const BOOK = { bucket: 'studio-teams-police-bench', key: POLICE_ADDRESS_BOOK_KEY };

// The baseline counts what the police counts: the cost panel's rule over every live app.
const isLongRunning = (now: Date) => (a: AppDetails) =>
  isLive(a) &&
  toAppCost(a, { now, region: 'us-east-1', rules: DEFAULT_LONG_RUNNING_RULES }).standing === 'over-limit';

/**
 * The original police's reading, done right (every page): per user one ListApps, per space one. With
 * `firstPageOnly` it is what the original really did: the first page of users, spaces and apps.
 */
async function perUserPattern(
  sm: SageMakerClient,
  domainId: string,
  firstPageOnly: boolean,
): Promise<AppDetails[]> {
  const pages = async <T>(fetch: (token?: string) => Promise<{ items: T[]; next?: string }>) => {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const page = await fetch(token);
      all.push(...page.items);
      token = firstPageOnly ? undefined : page.next;
    } while (token);
    return all;
  };
  const users = await pages(async (NextToken) => {
    const out = await sm.send(new ListUserProfilesCommand({ DomainIdEquals: domainId, NextToken }));
    return { items: (out.UserProfiles ?? []).map((u) => u.UserProfileName ?? ''), next: out.NextToken };
  });
  const spaces = await pages(async (NextToken) => {
    const out = await sm.send(new ListSpacesCommand({ DomainIdEquals: domainId, NextToken }));
    return { items: (out.Spaces ?? []).map((s) => s.SpaceName ?? ''), next: out.NextToken };
  });
  const apps: AppDetails[] = [];
  for (const filter of [
    ...users.map((u) => ({ UserProfileNameEquals: u })),
    ...spaces.map((s) => ({ SpaceNameEquals: s })),
  ]) {
    apps.push(
      ...(await pages(async (NextToken) => {
        const out = await sm.send(new ListAppsCommand({ DomainIdEquals: domainId, NextToken, ...filter }));
        return { items: out.Apps ?? [], next: out.NextToken };
      })),
    );
  }
  return apps;
}

export async function run(): Promise<void> {
  const seed = teamSeed(USERS, SPACES, APPS);
  const studio = await startTestStudio({ seed, strict: false });
  const { clients, settings } = createClients({ env: studio.env });
  const ses = police.createSesClient({
    region: settings.region,
    env: studio.env,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  });
  try {
    const domainId = studio.emulator.domainId('datascience');
    // What the CDK app deploys: the address book beside the reports, the team's mail domain verified.
    const book = Object.fromEntries(
      seed.domains[0]!.users.map((u) => [profileNameFor(u.person), `${u.person}@${MAIL_DOMAIN}`]),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: BOOK.bucket }));
    await clients.s3.send(
      new PutObjectCommand({ Bucket: BOOK.bucket, Key: BOOK.key, Body: JSON.stringify(book) }),
    );
    await ses.send(new VerifyDomainIdentityCommand({ Domain: MAIL_DOMAIN }));
    studio.emulator.setFaults({ latencyMs: LATENCY_MS });

    // One clock for both readings: apps keep ageing during the baseline's ~30 s of calls, and an app
    // crossing its limit meanwhile would make the two counts differ for no fault of either.
    const now = new Date();
    const options = async (): Promise<police.PoliceOptions> => ({
      now,
      domainId,
      domainName: 'datascience',
      region: settings.region,
      rules: DEFAULT_LONG_RUNNING_RULES,
      adminEmail: `admin@${MAIL_DOMAIN}`,
      addressBook: await police.readAddressBook(clients.s3, BOOK, MAIL_DOMAIN),
      sesSandbox: false,
      dryRun: true,
    });

    // The reading and deciding, as the Lambda does it (address book included), without sending.
    studio.emulator.resetCalls();
    const ours = await timed(async () =>
      police.runPolice({ sagemaker: clients.sagemaker, ses }, await options()),
    );
    const calls = sumCalls(studio.emulator.calls());

    // The same decisions from the per-user pattern (every page, so it finds the same apps).
    studio.emulator.resetCalls();
    const baseline = await timed(async () => {
      await police.readAddressBook(clients.s3, BOOK, MAIL_DOMAIN);
      return perUserPattern(clients.sagemaker, domainId, false);
    });
    const baselineCalls = sumCalls(studio.emulator.calls());
    const baselineLongRunning = baseline.value.filter(isLongRunning(now)).length;

    // What the original actually read: the first page of each list.
    studio.emulator.setFaults({ latencyMs: 0 });
    const firstPage = (await perUserPattern(clients.sagemaker, domainId, true)).filter(isLongRunning(now));

    // And a real run, sending every email through SES (moto), for the record.
    studio.emulator.resetCalls();
    studio.emulator.setFaults({ latencyMs: LATENCY_MS });
    const sent = await timed(async () =>
      police.runPolice({ sagemaker: clients.sagemaker, ses }, { ...(await options()), dryRun: false }),
    );
    const sendCalls = studio.emulator.calls();

    const budget = Math.ceil(USERS / 100) + Math.ceil(SPACES / 100) + Math.ceil(APPS / 100) + 2;
    const longRunning = ours.value.counted.longRunningApps;
    writeResult('police', {
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
      long_running_apps: longRunning,
      baseline_long_running_apps: baselineLongRunning,
      users_to_email: ours.value.emails.filter((e) => e.kind === 'user-reminder').length,
      missed_by_first_page: longRunning - firstPage.length,
      send_run: {
        emails_sent: sent.value.emails.length,
        wall_ms: Math.round(sent.ms),
        sagemaker_calls: sumCalls(
          Object.fromEntries(Object.entries(sendCalls).filter(([k]) => k.startsWith('SageMaker.'))),
        ),
        other_calls: sumCalls(
          Object.fromEntries(Object.entries(sendCalls).filter(([k]) => !k.startsWith('SageMaker.'))),
        ),
      },
    });
  } finally {
    ses.destroy();
    destroyClients(clients);
    await studio.close();
  }
}
