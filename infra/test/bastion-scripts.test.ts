/**
 * The bastion's daily usage report, run for real: the script the user data installs, with Python and
 * the AWS CLI, against the local AWS, over a folder standing for the home EFS. What `status-all` reads
 * back must be the bytes on disk, by profile and space name.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DescribeSpaceCommand, DescribeUserProfileCommand } from '@aws-sdk/client-sagemaker';
import { createClients, readUsageReport } from '@studio-teams/core';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { type Seed, usageReportLocation } from '@studio-teams/schema';
import { domainFinderScript, usageReportScript } from '../src/bastion-user-data';
import { REPO_ROOT } from '../src/repo-root';
import { tempDir } from './synth';

const SEED: Seed = {
  accountId: '123456789012',
  region: 'us-east-1',
  caller: 'ada.admin',
  bastionInstanceId: 'i-0b4571011ba57e0a1',
  domains: [
    {
      name: 'datascience',
      users: [{ person: 'ada.admin' }, { person: 'bob.builder' }],
      spaces: [{ name: 'team-space', owner: 'ada-admin', sharing: 'Shared' }],
      apps: [],
    },
  ],
};

const run = (file: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> =>
  new Promise((resolve) =>
    execFile(file, [], { env, encoding: 'utf8' }, (err, _stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    ),
  );

let studio: TestStudio;
beforeAll(async () => {
  studio = await startTestStudio({ seed: SEED, strict: false });
}, 60_000);
afterAll(async () => studio?.close());

test('the usage report the bastion writes is read by status-all: bytes per profile and space, by name', async () => {
  const dir = tempDir('bastion');
  const mount = path.join(dir, 'efs');
  const { clients } = createClients({ env: studio.env });
  const domainId = studio.emulator.domainId('datascience');
  const uidOf = async (profile: string) =>
    (
      await clients.sagemaker.send(
        new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: profile }),
      )
    ).HomeEfsFileSystemUid!;
  const spaceUid = (
    await clients.sagemaker.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'team-space' }))
  ).HomeEfsFileSystemUid!;
  const files: Record<string, number> = {
    [await uidOf('ada-admin')]: 3000,
    [await uidOf('bob-builder')]: 70_000,
    [spaceUid]: 12_345,
  };
  for (const [uid, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.join(mount, uid), { recursive: true });
    fs.writeFileSync(path.join(mount, uid, 'data.bin'), Buffer.alloc(bytes));
  }
  const location = usageReportLocation(SEED.accountId, SEED.region, domainId);
  await clients.s3.send(new CreateBucketCommand({ Bucket: location.bucket }));

  const finder = path.join(dir, 'studio-teams-domain');
  fs.writeFileSync(finder, domainFinderScript({ region: SEED.region, domainName: 'datascience' }), {
    mode: 0o755,
  });
  const script = path.join(dir, 'studio-teams-usage-report');
  fs.writeFileSync(
    script,
    usageReportScript({
      region: SEED.region,
      domainName: 'datascience',
      reportBucket: location.bucket,
      reportKeyPattern: 'efs-usage/{domainId}.json',
      mount,
      domainFinder: finder,
      requireMount: false,
    }),
    { mode: 0o755 },
  );
  // The project venv's AWS CLI stands for the bastion's.
  const env = { ...studio.env, PATH: `${path.join(REPO_ROOT, '.venv', 'bin')}:${process.env.PATH ?? ''}` };
  const result = await run(script, env);
  expect(result).toEqual({ code: 0, stderr: '' });

  const { report, note } = await readUsageReport(clients.s3, `s3://${location.bucket}/${location.key}`);
  expect(note).toBeUndefined();
  // du counts the folders' own blocks too: at least the bytes written, within a few KiB.
  const near = (actual: number | undefined, expected: number) => {
    expect(actual).toBeGreaterThanOrEqual(expected);
    expect(actual).toBeLessThan(expected + 16_384);
  };
  near(report?.profiles['ada-admin'], 3000);
  near(report?.profiles['bob-builder'], 70_000);
  near(report?.spaces['team-space'], 12_345);
  expect(report?.totalBytes).toBeGreaterThanOrEqual(3000 + 70_000 + 12_345);
  expect(Date.now() - Date.parse(report!.generatedAt)).toBeLessThan(60_000);
  for (const c of Object.values(clients)) c.destroy();
}, 60_000);

test('with no domain of that name yet, it says so and writes nothing', async () => {
  const dir = tempDir('bastion-none');
  const finder = path.join(dir, 'studio-teams-domain');
  fs.writeFileSync(finder, domainFinderScript({ region: SEED.region, domainName: 'not-made-yet' }), {
    mode: 0o755,
  });
  const script = path.join(dir, 'report');
  fs.writeFileSync(
    script,
    usageReportScript({
      region: SEED.region,
      domainName: 'not-made-yet',
      reportBucket: 'nowhere',
      reportKeyPattern: 'efs-usage/{domainId}.json',
      mount: dir,
      domainFinder: finder,
      requireMount: true,
    }),
    { mode: 0o755 },
  );
  const env = { ...studio.env, PATH: `${path.join(REPO_ROOT, '.venv', 'bin')}:${process.env.PATH ?? ''}` };
  expect(await run(script, env)).toEqual({ code: 1, stderr: 'no domain named not-made-yet yet\n' });
}, 60_000);
