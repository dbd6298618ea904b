import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { LifecycleSummary, OnStartResult } from '@studio-teams/schema';
import { Value } from '@sinclair/typebox/value';
import { AWS_CLI, buildScripts, makeSandbox, stepsByName, wheelCopy, type Sandbox } from './helpers/sandbox';

/**
 * What goes wrong at a start never stops the app: each failure is one clear log line, the summary
 * names the failed step, and the script exits 0.
 */
jest.setTimeout(180_000);

let studio: TestStudio;
let script: string;
let wheel: string;
let tmp: string;
const sandboxes: Sandbox[] = [];

async function sandbox(opts: { withNode?: boolean } = { withNode: true }): Promise<Sandbox> {
  const s = await makeSandbox(studio, wheel, opts);
  sandboxes.push(s);
  return s;
}

beforeAll(async () => {
  studio = await startTestStudio();
  script = buildScripts().jupyterlab;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-teams-wheel-'));
  wheel = wheelCopy(tmp);
});

afterAll(async () => {
  await studio?.close();
  for (const s of sandboxes) fs.rmSync(s.root, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

const installed = (s: Sandbox): boolean => {
  try {
    execFileSync(s.python, ['-c', 'import sagemaker_studio_for_teams'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('no artifacts bucket: the manifest step fails with the bucket named, the rest still runs', async () => {
  const s = await sandbox();
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toContain(
    `[studio-teams] artifacts: failed: cannot download s3://${s.bucket}/studio-teams/manifest.json`,
  );
  const summary = s.summary();
  expect(Value.Check(LifecycleSummary, summary)).toBe(true);
  expect(summary.version).toBeNull();
  expect(stepsByName(summary)).toMatchObject({
    artifacts: 'failed',
    wheel: 'failed',
    token: 'changed',
    'allow-hidden': 'changed',
  });
  expect(output).toMatch(/done: changed: .*; failed: artifacts wheel .*\(the app starts all the same\)/);
});

test('a wheel whose digest is not the manifest’s is not installed, and says which digest it has', async () => {
  const s = await sandbox();
  await s.publish({
    mutate: (m) => {
      m.files.wheel!.sha256 = '0'.repeat(64);
    },
  });
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toMatch(
    /\[studio-teams\] wheel: failed: s3:\/\/\S+\.whl has sha256 [0-9a-f]{64}, the manifest says 0{64}: not installed/,
  );
  expect(stepsByName(s.summary()).wheel).toBe('failed');
  expect(installed(s)).toBe(false);
});

test('no Node in the image and none in the artifacts: a clear line, exit 0', async () => {
  const s = await sandbox({ withNode: false });
  await s.publish();
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toContain(
    '[studio-teams] node: failed: no Node 20+ in the image or the artifacts: the sidecar and helpers cannot run',
  );
  // The wheel is installed all the same: a Node added later makes the sidecar work.
  expect(installed(s)).toBe(true);
});

test('no Node in the image: the pinned one from the artifacts is unpacked once and linked beside the server’s Python', async () => {
  const s = await sandbox({ withNode: false });
  // A Node distribution's layout (node-v*/bin/node), from the Node running this test.
  const dist = path.join(s.root, 'node-dist', 'node-v20-test', 'bin');
  fs.mkdirSync(dist, { recursive: true });
  fs.copyFileSync(process.execPath, path.join(dist, 'node'));
  fs.chmodSync(path.join(dist, 'node'), 0o755);
  const tarball = path.join(s.root, 'node-v20-test-linux-x64.tar');
  execFileSync('tar', ['-cf', tarball, '-C', path.join(s.root, 'node-dist'), 'node-v20-test']);
  await s.publish({ node: tarball });

  const first = await s.runScript(script);
  expect(first.code).toBe(0);
  const link = path.join(s.envDir, 'bin', 'node');
  expect(first.output).toContain(
    `[studio-teams] node: changed: ${process.version} from the artifacts, linked at ${link}`,
  );
  expect(fs.readlinkSync(link)).toBe(
    path.join(s.home, '.local', 'share', 'studio-teams', 'node', 'bin', 'node'),
  );
  expect(execFileSync(link, ['--version'], { encoding: 'utf8' }).trim()).toBe(process.version);

  const second = await s.runScript(script);
  expect(second.output).toContain(`[studio-teams] node: ok: ${process.version} from the artifacts`);
  expect(stepsByName(s.summary()).node).toBe('ok');
});

async function onStartResult(s: Sandbox, timeoutMs = 20_000): Promise<OnStartResult> {
  const file = path.join(s.stateDir, 'on-start.json');
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as OnStartResult;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${file} after ${timeoutMs} ms`);
}

test('a failing ~/.on_start runs in the background; its failure is in its log and result, the start exits 0', async () => {
  const s = await sandbox();
  await s.publish();
  fs.writeFileSync(
    path.join(s.home, '.on_start'),
    '#!/bin/bash\necho "installing my tools"\nsleep 1\nexit 3\n',
    {
      mode: 0o755,
    },
  );
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  // The start did not wait for it.
  expect(fs.existsSync(path.join(s.stateDir, 'on-start.json'))).toBe(false);
  expect(output).toContain('[studio-teams] on-start: ok: started ~/.on_start in the background');
  const result = await onStartResult(s);
  expect(Value.Check(OnStartResult, result)).toBe(true);
  expect(result).toMatchObject({ exitCode: 3, timedOut: false });
  const log = fs.readFileSync(path.join(s.stateDir, 'on-start.log'), 'utf8');
  expect(log).toContain('installing my tools');
  expect(log).toContain('[studio-teams] on-start: ~/.on_start failed with exit code 3');
});

test('a ~/.on_start that takes too long is stopped at its time box', async () => {
  const s = await sandbox();
  await s.publish();
  fs.writeFileSync(path.join(s.home, '.on_start'), '#!/bin/bash\nsleep 60\n', { mode: 0o755 });
  const { code } = await s.runScript(script, { STUDIO_TEAMS_ON_START_TIMEOUT: '1' });
  expect(code).toBe(0);
  expect(await onStartResult(s)).toMatchObject({ exitCode: 124, timedOut: true });
  expect(fs.readFileSync(path.join(s.stateDir, 'on-start.log'), 'utf8')).toContain(
    '~/.on_start stopped after 1s: it took too long',
  );
});

test('a ~/.on_start that is not executable is skipped with the fix in the message', async () => {
  const s = await sandbox();
  await s.publish();
  fs.writeFileSync(path.join(s.home, '.on_start'), 'echo hi\n', { mode: 0o644 });
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toContain(
    '[studio-teams] on-start: skipped: not run: ~/.on_start is not executable (chmod +x ~/.on_start)',
  );
});

test('a step over its time box is stopped and reported; past the start’s budget every step gets 1 s', async () => {
  const s = await sandbox();
  await s.publish();
  // An AWS CLI that hangs stands for an unreachable S3 endpoint; both the manifest and every download
  // would hang. A 4 s budget for the whole start (200 s in Studio, whose limit is 300 s).
  const hang = path.join(s.root, 'hanging-aws');
  fs.writeFileSync(hang, '#!/bin/bash\nsleep 600\n', { mode: 0o755 });
  const started = Date.now();
  const { code, output } = await s.runScript(script, { STUDIO_TEAMS_AWS: hang, STUDIO_TEAMS_BUDGET: '4' });
  const seconds = (Date.now() - started) / 1000;
  expect(code).toBe(0);
  expect(output).toMatch(/\[studio-teams\] artifacts: failed: timed out after [34]s/);
  expect(stepsByName(s.summary())).toMatchObject({
    artifacts: 'failed',
    token: 'changed',
    'allow-hidden': 'changed',
  });
  // 4 s of budget, then at most 1 s (plus the kill grace) for each of the 8 remaining steps.
  expect(seconds).toBeLessThan(4 + 8 * 6);
});

test('a token file others can read is no secret any more: replaced with a new 0600 one, and the log says so', async () => {
  const s = await sandbox();
  const file = path.join(s.home, '.config', 'studio-teams', 'sidecar-token');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const leaked = 'a'.repeat(64);
  fs.writeFileSync(file, `${leaked}\n`, { mode: 0o644 });
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toContain(`[studio-teams] token: ${file} had mode 644: replaced with a new token`);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const token = fs.readFileSync(file, 'utf8').trim();
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect(token).not.toBe(leaked);
});

test('a manifest that is not JSON: the parser’s complaint in the log, a summary that is still valid JSON', async () => {
  const s = await sandbox();
  await s.publish();
  const bad = path.join(s.root, 'bad-manifest.json');
  fs.writeFileSync(bad, '{"version": "1.0\\"\\\\ \t broken');
  await s.exec(AWS_CLI, [
    's3',
    'cp',
    '--only-show-errors',
    bad,
    `s3://${s.bucket}/studio-teams/manifest.json`,
  ]);
  const { code, output } = await s.runScript(script);
  expect(code).toBe(0);
  expect(output).toMatch(
    /\[studio-teams\] artifacts: failed: the manifest is not valid: json\.decoder\.JSONDecodeError: /,
  );
  const summary = s.summary();
  expect(Value.Check(LifecycleSummary, summary)).toBe(true);
  expect(summary.steps.find((x) => x.name === 'artifacts')?.message).toMatch(/^the manifest is not valid: /);
  expect(installed(s)).toBe(false);
});
