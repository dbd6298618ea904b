import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginUser, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { bundleSmSsh, runProcess, runSshCli } from './support';

/**
 * The README's first steps on the demo team (`npm start`, `npm run local:up`): jane.doe runs
 * `sm-ssh init` then `sm-ssh connect jane-lab`, with nothing created or turned on before. The seed's
 * jane-lab has remote access on and no app; connect starts one, then ssh runs over the data channel.
 */
jest.setTimeout(120_000);

let studio: TestStudio;
let home: string;
let config: string;
let bundle: ReturnType<typeof bundleSmSsh>;
let env: Record<string, string>;

beforeAll(async () => {
  // A moto of its own: init stores jane-doe's key parameter, which other files' demo studios read.
  const shared = process.env.MOTO_URL;
  delete process.env.MOTO_URL;
  try {
    studio = await startTestStudio({ timing: { pendingMs: 500, deletingMs: 100 } });
  } finally {
    if (shared !== undefined) process.env.MOTO_URL = shared;
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-ssh-demo-'));
  config = path.join(home, 'ssh_config');
  fs.writeFileSync(
    config,
    [`UserKnownHostsFile ${path.join(home, 'known_hosts')}`, 'BatchMode yes', 'LogLevel ERROR', ''].join(
      '\n',
    ),
  );
  bundle = bundleSmSsh();
  env = {
    ...studio.env,
    HOME: home,
    SM_SSH_USER: loginUser(),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});

afterAll(async () => {
  await studio?.close();
  bundle?.remove();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

test('init, then connect jane-lab: the app is started and the command runs there', async () => {
  const self = { node: process.execPath, script: bundle.script };
  const init = await runSshCli(['init', '--yes', '--ssh-config', config], { env, self });
  expect(init.stdout).toMatch(/in \/studio-teams\/ssh\/jane-doe\/public-keys/);
  expect(init.code).toBe(0);

  const list = await runSshCli(['list', '--json'], { env, self });
  expect(list.code).toBe(0);
  const { targets } = JSON.parse(list.stdout) as { targets: { name: string; remoteAccess?: boolean }[] };
  expect(targets.find((t) => t.name === 'jane-lab')).toMatchObject({ remoteAccess: true });

  const r = await runProcess(
    process.execPath,
    [bundle.script, 'connect', 'jane-lab', '--ssh-config', config, '--', 'echo', 'ok'],
    { env, timeoutMs: 90_000 },
  );
  expect(r.stderr).toMatch(/starting the JupyterLab app of jane-lab/);
  expect(r.stdout.toString()).toBe('ok\n');
  expect(r.code).toBe(0);
  const apps = studio.emulator.snapshot().domains[0]!.apps.filter((a) => a.owner.name === 'jane-lab');
  expect(apps.map((a) => [a.appType, a.status, a.remoteAccess])).toEqual([['JupyterLab', 'InService', true]]);
});
