/**
 * The police against the local AWS: SageMaker from the emulator, SES from moto behind it, the real SDK
 * clients over HTTP. What a user relies on: the right people are written to, once each, with their apps;
 * the admin hears about spaces and about every address SES will not take; throttling changes nothing.
 */
import type { SESClient } from '@aws-sdk/client-ses';
import { VerifyDomainIdentityCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import { startMoto, startTestStudio, type RunningMoto, type TestStudio } from '@studio-teams/emulator';
import { createClients, type StudioAws } from '../../src/aws/clients';
import { createSesClient, runPolice, type PoliceOptions } from '../../src/police';
import { policeTeam, profileOf, type PoliceTeam } from './team';

const USERS = 1000;
const SPACES = 50;
const APPS = 2000;

interface SentMessage {
  source: string;
  subject: string;
  body: string;
  destinations: { ToAddresses?: string[]; CcAddresses?: string[] };
}

/** Every message moto's SES accepted, from its model dump (the way moto exposes sent mail over HTTP). */
async function sentBy(source: string): Promise<SentMessage[]> {
  const res = await fetch(`${moto.url}/moto-api/data.json`);
  const data = (await res.json()) as { ses?: { Message?: SentMessage[] } };
  return (data.ses?.Message ?? []).filter((m) => m.source === source);
}

const run = `r${Date.now().toString(36)}`;
const mailDomain = `${run}.police.test`;
const UNVERIFIED = `someone@${run}.unverified.test`;

/**
 * A moto of this file's own: the model dump serializes every service's state, and what other test
 * files leave in the run's shared moto (binary secrets, S3 objects) can make it answer an error page.
 */
let moto: RunningMoto;
let sharedMotoUrl: string | undefined;
let studio: TestStudio;
let aws: StudioAws;
let ses: SESClient;
let team: PoliceTeam;
let domainId: string;
/** The one user with long-running apps whose address SES has not verified. */
let unverifiedProfile: string;
/** A user with long-running apps the config does not list: the `<first.last>@<domain>` fallback. */
let unlistedProfile: string;

beforeAll(async () => {
  team = policeTeam(USERS, SPACES, APPS);
  moto = await startMoto();
  sharedMotoUrl = process.env.MOTO_URL;
  // startTestStudio puts the emulator in front of MOTO_URL's moto; restored after this file.
  process.env.MOTO_URL = moto.url;
  studio = await startTestStudio({ seed: team.seed, strict: false });
  aws = createClients({ env: studio.env });
  ses = createSesClient({
    region: aws.settings.region,
    env: studio.env,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  });
  domainId = studio.emulator.domainId('datascience');
  // The team's mail domain is verified (the admin's too); one person's own address is not.
  await ses.send(new VerifyDomainIdentityCommand({ Domain: mailDomain }));
  const offenders = [...team.expectedUsers.keys()].sort();
  unverifiedProfile = offenders[3] as string;
  unlistedProfile = offenders[5] as string;
}, 120_000);

afterAll(async () => {
  ses?.destroy();
  for (const c of Object.values(aws?.clients ?? {})) c.destroy();
  await studio?.close();
  await moto?.stop();
  if (sharedMotoUrl === undefined) delete process.env.MOTO_URL;
  else process.env.MOTO_URL = sharedMotoUrl;
});

function options(admin: string, overrides: Partial<PoliceOptions> = {}): PoliceOptions {
  const byProfile: Record<string, string> = {};
  for (let i = 0; i < USERS; i++) byProfile[profileOf(i)] = `p${i}.police@${mailDomain}`;
  byProfile[unverifiedProfile] = UNVERIFIED;
  delete byProfile[unlistedProfile];
  return {
    domainId,
    domainName: 'datascience',
    region: 'us-east-1',
    rules: DEFAULT_LONG_RUNNING_RULES,
    adminEmail: admin,
    addressBook: { byProfile, emailDomain: mailDomain },
    sesSandbox: true,
    dryRun: false,
    ...overrides,
  };
}

const addressFor = (profile: string): string =>
  profile === unverifiedProfile ? UNVERIFIED : `${profile.replace(/-/g, '.')}@${mailDomain}`;

function checkRun(messages: SentMessage[], admin: string): void {
  const reminders = messages.filter((m) => /long-running SageMaker Studio app/.test(m.subject));
  const to = reminders.map((m) => m.destinations.ToAddresses?.[0] ?? '');
  // Nobody twice, and exactly the people with long-running apps (minus the unverified one).
  expect(new Set(to).size).toBe(to.length);
  const expected = [...team.expectedUsers.keys()].filter((p) => p !== unverifiedProfile).map(addressFor);
  expect([...to].sort()).toEqual(expected.sort());
  // The admin is in CC of every reminder; each lists the user's apps, cost and how to stop them.
  for (const m of reminders) expect(m.destinations.CcAddresses).toEqual([admin]);
  const sample = reminders.find((m) => m.destinations.ToAddresses?.[0] === addressFor(unlistedProfile));
  expect(sample).toBeDefined();
  expect(sample!.body).toContain('sm-studio down');
  expect(sample!.body).toContain('Studio for Teams panel');
  expect(sample!.body).toMatch(
    /KernelGateway ".+" on ml\.[a-z0-9]+\.[a-z0-9]+: up \d+d \d+h \(limit \dd\), \$\d+\.\d\d so far/,
  );
  expect(sample!.body.match(/^ {2}- KernelGateway/gm)).toHaveLength(team.expectedUsers.get(unlistedProfile)!);

  const toAdmin = messages.filter((m) => m.destinations.ToAddresses?.[0] === admin);
  expect(toAdmin).toHaveLength(2);
  const spaces = toAdmin.find((m) => /in SageMaker Studio spaces/.test(m.subject));
  for (const space of team.expectedSpaces) expect(spaces?.body).toContain(`Space ${space} (owner`);
  expect(spaces?.body.match(/^Space /gm)).toHaveLength(team.expectedSpaces.size);
  const notice = toAdmin.find((m) => /^Unable to send/.test(m.subject));
  expect(notice?.body).toContain(`${UNVERIFIED}: the address is not verified in SES`);
  expect(messages).toHaveLength(reminders.length + 2);
}

test('writes to exactly the users with long-running apps, once each, and tells the admin about spaces and unverified addresses', async () => {
  const admin = `admin-a@${mailDomain}`;
  studio.emulator.resetCalls();
  const result = await runPolice({ sagemaker: aws.clients.sagemaker, ses }, options(admin));
  expect(result.counted).toMatchObject({ userProfiles: USERS, spaces: SPACES, apps: APPS });
  expect(result.counted.longRunningApps).toBe(team.longRunningApps);
  expect(result.undeliverable).toEqual([
    expect.objectContaining({ profile: unverifiedProfile, address: UNVERIFIED }),
  ]);
  // One paged pass per list: ceil(U/100) + ceil(S/100) + ceil(A/100) SageMaker calls.
  const calls = studio.emulator.calls();
  const sagemakerCalls = Object.entries(calls)
    .filter(([k]) => k.startsWith('SageMaker.'))
    .reduce((n, [, v]) => n + v, 0);
  expect(sagemakerCalls).toBe(Math.ceil(USERS / 100) + Math.ceil(SPACES / 100) + Math.ceil(APPS / 100));
  checkRun(await sentBy(admin), admin);
}, 120_000);

test('20% of calls throttled (SageMaker and SES alike) change nothing', async () => {
  const admin = `admin-b@${mailDomain}`;
  studio.emulator.setFaults({ throttleRate: 0.2, seed: 20 });
  try {
    studio.emulator.resetCalls();
    await runPolice({ sagemaker: aws.clients.sagemaker, ses }, options(admin));
    // The faults did bite: more requests than a clean run needs (each throttle was retried).
    const requests = Object.values(studio.emulator.calls()).reduce((n, v) => n + v, 0);
    const clean = Math.ceil(USERS / 100) + Math.ceil(SPACES / 100) + Math.ceil(APPS / 100) + 10;
    expect(requests).toBeGreaterThan(clean + team.expectedUsers.size);
  } finally {
    studio.emulator.setFaults({ throttleRate: 0 });
  }
  checkRun(await sentBy(admin), admin);
}, 180_000);

test('a dry run returns what it would send and sends nothing', async () => {
  const admin = `admin-c@${mailDomain}`;
  const result = await runPolice({ sagemaker: aws.clients.sagemaker, ses }, options(admin, { dryRun: true }));
  expect(result.dryRun).toBe(true);
  expect(result.emails.filter((e) => e.kind === 'user-reminder')).toHaveLength(team.expectedUsers.size - 1);
  expect(
    result.emails
      .filter((e) => e.kind !== 'user-reminder')
      .map((e) => e.kind)
      .sort(),
  ).toEqual(['spaces', 'undeliverable']);
  expect(await sentBy(admin)).toEqual([]);
}, 60_000);

test('an address SES rejects is named to the admin with the reason SES gave', async () => {
  const admin = `admin-d@${mailDomain}`;
  await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: admin }));
  const opts = options(admin, { sesSandbox: false });
  // Outside the sandbox nothing is checked first; SES itself refuses a malformed address.
  opts.addressBook = { byProfile: { ...opts.addressBook.byProfile, [unlistedProfile]: 'no-domain@' } };
  const result = await runPolice({ sagemaker: aws.clients.sagemaker, ses }, opts);
  expect(result.undeliverable).toEqual([
    {
      profile: unlistedProfile,
      address: 'no-domain@',
      reason: expect.stringMatching(/InvalidParameterValue: Missing domain/),
    },
  ]);
  const notice = (await sentBy(admin)).find((m) => /^Unable to send/.test(m.subject));
  expect(notice?.destinations.ToAddresses).toEqual([admin]);
  expect(notice?.body).toContain('no-domain@: InvalidParameterValue: Missing domain');
  // Outside the sandbox the unverified address is simply sent to.
  expect(result.emails.some((e) => e.to === UNVERIFIED)).toBe(true);
}, 60_000);
