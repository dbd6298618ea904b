import fs from 'node:fs';
import path from 'node:path';
import { DeleteTagsCommand } from '@aws-sdk/client-sagemaker';
import { createClients } from '@studio-teams/core';
import { loadSeed, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { DOMAIN_TAGS, parseWith, StatusAllReport, StatusReport } from '@studio-teams/schema';
import { runCli } from '../helpers/run-cli';

/**
 * The credentials rule end to end (the `sagemaker` profile by default, --profile, AWS_PROFILE, region
 * from the profile), and what happens when the domain lacks the tags the CDK app normally sets.
 */

let studio: TestStudio;
let filesEnv: Record<string, string>;

beforeAll(async () => {
  // Another caller than the other test files: they share one moto, where each caller is an IAM role.
  studio = await startTestStudio({ seed: { ...loadSeed(), caller: 'maria.garcia' } });
  const dir = path.join(studio.sandboxDir, 'laptop-aws');
  fs.mkdirSync(dir);
  const keys = (name: string) =>
    `[${name}]\naws_access_key_id = ${studio.env.AWS_ACCESS_KEY_ID}\n` +
    `aws_secret_access_key = ${studio.env.AWS_SECRET_ACCESS_KEY}\naws_session_token = ${studio.env.AWS_SESSION_TOKEN}\n`;
  fs.writeFileSync(
    path.join(dir, 'config'),
    '[profile sagemaker]\nregion = us-east-1\n[profile work]\nregion = us-east-1\n',
  );
  fs.writeFileSync(path.join(dir, 'credentials'), keys('sagemaker') + keys('work'));
  // A laptop shell: no keys or region in the environment, only the files and the local endpoint.
  filesEnv = {
    HOME: studio.sandboxDir,
    PATH: process.env.PATH ?? '',
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_ENDPOINT_URL: studio.env.AWS_ENDPOINT_URL,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});
afterAll(() => studio?.close());

const domainOf = () => studio.emulator.snapshot().domains.find((d) => d.name === 'datascience')!;

describe('credentials rule', () => {
  it('uses the sagemaker profile and its region when nothing else is given', async () => {
    const r = await runCli(['status', '--json'], { env: filesEnv });
    expect(r.stderr).toBe('');
    expect(parseWith(StatusReport, JSON.parse(r.stdout), 'status').userProfileName).toBe('maria-garcia');
  });

  it('uses --profile, or AWS_PROFILE', async () => {
    const broken = {
      ...filesEnv,
      AWS_SHARED_CREDENTIALS_FILE: path.join(studio.sandboxDir, 'laptop-aws', 'none'),
    };
    expect((await runCli(['status', '--profile', 'work'], { env: filesEnv })).code).toBe(0);
    expect((await runCli(['status'], { env: { ...filesEnv, AWS_PROFILE: 'work' } })).code).toBe(0);
    const r = await runCli(['status', '--profile', 'work'], { env: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: AWS profile "work" gave no credentials: .*\n$/);
  });

  it('names a profile missing from the files', async () => {
    const r = await runCli(['status', '--profile', 'ghost', '--region', 'us-east-1'], { env: filesEnv });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: AWS profile "ghost" gave no credentials: Could not resolve credentials using profile: \[ghost\]/,
    );
  });
});

describe('before the bastion wrote a usage report', () => {
  // A domain of its own: the report's S3 location follows from the domain id, and the other test files
  // (sharing this moto) rely on the demo domain's report being there.
  let fresh: TestStudio;
  beforeAll(async () => {
    const seed = loadSeed();
    const [domain] = seed.domains;
    const { usageReport: _none, ...withoutReport } = domain!;
    fresh = await startTestStudio({
      seed: { ...seed, caller: 'wei.zhang', domains: [{ ...withoutReport, name: 'no-report-yet' }] },
    });
  });
  afterAll(() => fresh?.close());

  it('status-all says EFS use is unknown (never 0) and why', async () => {
    const args = ['status-all', '--domain', 'no-report-yet'];
    const r = await runCli([...args, '--json'], { env: fresh.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^EFS use unknown: no usage report at s3:\/\/studio-teams-reports-123456789012-us-east-1\/efs-usage\/d-\w+\.json yet\n$/,
    );
    const report = parseWith(StatusAllReport, JSON.parse(r.stdout), 'status-all');
    expect(report.efs).toEqual({
      reportGeneratedAt: null,
      totalBytes: null,
      unknownReason: expect.stringContaining('no usage report at s3://'),
    });
    expect([...report.users, ...report.spaces].every((o) => o.efsBytes === null)).toBe(true);
    const human = await runCli(args, { env: fresh.env });
    expect(human.stdout).toMatch(/^Total EFS use: unknown$/m);
    expect(human.stdout).toMatch(/jane-doe {2}EFS unknown/);
  });
});

describe('without the bastion tag', () => {
  beforeAll(async () => {
    const { clients } = createClients({ env: studio.env });
    await clients.sagemaker.send(
      new DeleteTagsCommand({ ResourceArn: domainOf().arn, TagKeys: [DOMAIN_TAGS.bastionInstanceId] }),
    );
    clients.sagemaker.destroy();
  });

  it('delete removes the space but says why its EFS folder was left', async () => {
    const space = domainOf().spaces.find((s) => s.name === 'priya-sandbox')!;
    const folder = path.join(studio.sandboxDir, 'mnt', 'efs', String(space.uid));
    const r = await runCli(['delete', '--space', 'priya-sandbox', '--yes'], { env: studio.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Left its EFS folder ${space.uid} in place: the domain has no studio-teams:bastion-instance-id tag, so no machine to remove it from`,
    );
    expect(domainOf().spaces.map((s) => s.name)).not.toContain('priya-sandbox');
    expect(fs.existsSync(folder)).toBe(true);
  });
});
