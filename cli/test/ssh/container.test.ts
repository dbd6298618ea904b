import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { runSshCli, sshSeed } from './support';

/**
 * `sm-ssh activate | deactivate | status` in a classic KernelGateway app's terminal, over HTTP
 * against the local Studio (the emulator's register endpoint stands for amazon-ssm-agent), and
 * `sm-ssh list` on the laptop side finding what was activated.
 */
jest.setTimeout(60_000);

const people = sshSeed();
let studio: TestStudio;
let dir: string;
let containerEnv: Record<string, string>;
let laptopEnv: Record<string, string>;
const APP = 'ml-t3-medium-kg';

const sm = (argv: string[], env: Record<string, string>) => runSshCli(argv, { env });

beforeAll(async () => {
  studio = await startTestStudio({ seed: people.seed });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ssh-container-'));
  const domainId = studio.emulator.domainId('datascience');
  const metadata = path.join(dir, 'resource-metadata.json');
  fs.writeFileSync(
    metadata,
    JSON.stringify({
      AppType: 'KernelGateway',
      DomainId: domainId,
      UserProfileName: people.profile,
      ResourceName: APP,
      ResourceArn: `arn:aws:sagemaker:us-east-1:123456789012:app/${domainId}/${people.profile}/kernelgateway/${APP}`,
    }),
  );
  const containerHome = path.join(dir, 'container-home');
  fs.mkdirSync(containerHome);
  laptopEnv = { ...studio.env, HOME: path.join(dir, 'laptop-home') };
  containerEnv = {
    ...studio.env,
    HOME: containerHome,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    STUDIO_METADATA_FILE: metadata,
    STUDIO_TEAMS_EMULATED_SSM_AGENT: studio.emulator.url,
  };
});
afterAll(async () => {
  await studio?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => expect(studio.emulator.violations()).toEqual([]));

test('--help of each container command has examples', async () => {
  for (const c of ['activate', 'deactivate', 'status']) {
    const r = await sm([c, '--help'], containerEnv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  }
  expect((await sm(['--help'], containerEnv)).stdout).toMatch(/^ {2}activate /m);
});

test('outside Studio (no metadata file) every container command refuses with exit 2', async () => {
  const env = { ...containerEnv, STUDIO_METADATA_FILE: path.join(dir, 'missing.json') };
  for (const c of ['activate', 'deactivate', 'status']) {
    const r = await sm([c], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: this is not a SageMaker Studio container \(.*missing\.json does not exist\)\n$/,
    );
  }
});

test('activate, then the laptop lists the container; status says ready; deactivate leaves no mi-*', async () => {
  const off = await sm(['status', '--json'], containerEnv);
  expect(off.code).toBe(0);
  expect(JSON.parse(off.stdout)).toMatchObject({ mode: 'classic', state: 'off', actions: ['activate'] });

  const on = await sm(['activate'], containerEnv);
  expect(on.stderr).toContain(`Activating SSH for KernelGateway ${APP} of ${people.profile}`);
  expect(on.stdout).toMatch(
    new RegExp(`^Active: registered as mi-[0-9a-f]{17}: run \`sm-ssh connect sm-${APP}\``),
  );
  expect(on.code).toBe(0);
  const instanceId = /(mi-[0-9a-f]{17})/.exec(on.stdout)?.[1];

  const list = await sm(['list', '--json'], laptopEnv);
  expect(list.code).toBe(0);
  const targets = (
    JSON.parse(list.stdout) as { targets: { host: string; kind: string; reachable: boolean }[] }
  ).targets;
  expect(targets).toContainEqual(
    expect.objectContaining({ host: `sm-${APP}`, kind: 'instance', instanceId, reachable: true }),
  );

  const ready = await sm(['status'], containerEnv);
  expect(ready.code).toBe(0);
  expect(ready.stdout).toMatch(/^State: {5}ready$/m);
  expect(ready.stdout).toContain(`Instance:  ${instanceId} ${APP} Online`);
  expect(ready.stdout).toMatch(/^Next: {6}sm-ssh deactivate$/m);

  // Activating again is a no-op while online; --force registers anew.
  expect((await sm(['activate'], containerEnv)).stdout).toContain(`already active as ${instanceId}`);
  const forced = await sm(['activate', '--force'], containerEnv);
  expect(forced.code).toBe(0);
  expect(forced.stderr).toContain(`Deregistered ${instanceId} first (--force)`);

  const done = await sm(['deactivate'], containerEnv);
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/^deregistered mi-/);
  const after = JSON.parse((await sm(['list', '--json'], laptopEnv)).stdout) as {
    targets: { kind: string }[];
  };
  expect(after.targets.filter((t) => t.kind === 'instance')).toEqual([]);
  expect(JSON.parse((await sm(['status', '--json'], containerEnv)).stdout)).toMatchObject({ state: 'off' });
  expect((await sm(['deactivate'], containerEnv)).stdout).toBe('this app was not activated; nothing to do\n');
});

test('a [default] AWS profile in the container: activate refuses, registers nothing', async () => {
  const home = path.join(dir, 'home-with-default');
  fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIA\n');
  // The files the environment names are the ones the agent's credential chain would read.
  const r = await sm(['activate'], {
    ...containerEnv,
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: .*credentials has a \[default\] profile, which would shadow/m);
  const list = JSON.parse((await sm(['list', '--json'], laptopEnv)).stdout) as {
    targets: { kind: string }[];
  };
  expect(list.targets.filter((t) => t.kind === 'instance')).toEqual([]);
});
