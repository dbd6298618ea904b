import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { LifecycleSummary, type LifecycleStatus } from '@studio-teams/schema';
import {
  BASH_BREAKAGE,
  buildScripts,
  freePort,
  makeSandbox,
  REPO,
  snapshot,
  stepsByName,
  wheelCopy,
  type Sandbox,
} from './helpers/sandbox';

/**
 * New Studio's JupyterLab script in a sandbox home, the artifacts in moto's S3 through the real AWS
 * CLI: the first start installs, the second changes nothing, and JupyterLab then loads the extension.
 */
jest.setTimeout(180_000);

let studio: TestStudio;
let sandbox: Sandbox;
let script: string;
let version: string;
let first: { code: number | null; output: string };
let wheelDir: string | undefined;

beforeAll(async () => {
  studio = await startTestStudio();
  const scripts = buildScripts();
  script = scripts.jupyterlab;
  wheelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-teams-wheel-'));
  sandbox = await makeSandbox(studio, wheelCopy(wheelDir), { withNode: true });
  version = await sandbox.publish();
  first = await sandbox.runScript(script);
});

afterAll(async () => {
  await studio?.close();
  if (sandbox) fs.rmSync(sandbox.root, { recursive: true, force: true });
  if (wheelDir) fs.rmSync(wheelDir, { recursive: true, force: true });
});

test('the first start installs the wheel, the token, direnv and the file-browser setting, and exits 0', () => {
  expect(first.code).toBe(0);
  expect(first.output).not.toMatch(BASH_BREAKAGE);
  const summary = sandbox.summary();
  expect(Value.Check(LifecycleSummary, summary)).toBe(true);
  expect(summary.script).toBe('jupyterlab');
  expect(summary.version).toBe(version);
  expect(stepsByName(summary)).toMatchObject({
    artifacts: 'ok',
    wheel: 'changed',
    node: 'ok',
    token: 'changed',
    direnv: 'changed',
    'allow-hidden': 'changed',
    'on-start': 'skipped',
  });
  expect(first.output).toContain(`[studio-teams] wheel: changed: installed ${version}`);
  // The log the panel links to holds what stdout (CloudWatch) got.
  expect(fs.readFileSync(path.join(sandbox.stateDir, 'last-start.log'), 'utf8')).toContain('wheel: changed');
});

test('the sidecar token is a 0600 file of 64 hex digits, and it never reaches the log', () => {
  const file = path.join(sandbox.home, '.config', 'studio-teams', 'sidecar-token');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const token = fs.readFileSync(file, 'utf8').trim();
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect(first.output).not.toContain(token);
  expect(fs.readFileSync(path.join(sandbox.stateDir, 'last-start.json'), 'utf8')).not.toContain(token);
});

test("the installed extension is enabled in the sandbox env's JupyterLab, with the sidecar's proxy entry", async () => {
  // `labextension list` prints to stderr.
  const list = await sandbox.exec('bash', ['-c', 'jupyter labextension list 2>&1'], { NO_COLOR: '1' });
  expect(list).toMatch(/@studio-teams\/extension v\S+ .*enabled.*OK/);
  const entry = await sandbox.exec(sandbox.python, [
    '-c',
    'from importlib.metadata import entry_points; ' +
      'e = [x for x in entry_points(group="jupyter_serverproxy_servers") if x.name == "studio-teams"][0]; ' +
      'print(e.load()()["command"][1])',
  ]);
  expect(fs.existsSync(entry.trim())).toBe(true);
  expect(entry.trim().startsWith(sandbox.envDir)).toBe(true);
});

test('hidden files are allowed in the Jupyter server the app starts', async () => {
  const out = await sandbox.exec(sandbox.python, [
    '-c',
    'from jupyter_server.serverapp import ServerApp; a = ServerApp(); ' +
      'a.initialize(argv=["--no-browser", "--port=0"], find_extensions=False, new_httpserver=False); ' +
      'print(a.contents_manager.allow_hidden)',
  ]);
  expect(out.trim().split('\n').pop()).toBe('True');
});

test('a login shell hooks direnv, so ~/.envrc with dotenv loads ~/.env', async () => {
  fs.writeFileSync(path.join(sandbox.home, '.envrc'), 'dotenv\n');
  fs.writeFileSync(path.join(sandbox.home, '.env'), 'STUDIO_TEAMS_TEST_GREETING=hello-from-dotenv\n');
  const direnv = path.join(sandbox.home, '.local', 'bin', 'direnv');
  await sandbox.exec(direnv, ['allow', sandbox.home], { PWD: sandbox.home });
  // An interactive login shell, as a Studio terminal: the hook runs before each prompt.
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['--login', '-i'], { cwd: sandbox.home, env: sandbox.vars });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
    child.stdin.end('cd ~\necho "greeting=$STUDIO_TEAMS_TEST_GREETING"\nexit\n');
  });
  expect(out).toContain('greeting=hello-from-dotenv');
});

test('a second start changes nothing and says so', async () => {
  const skip = [sandbox.stateDir, path.join(sandbox.home, '.local', 'share', 'direnv')];
  const before = snapshot(sandbox.root, [...skip, path.join(sandbox.root, 'tmp')]);
  const second = await sandbox.runScript(script);
  expect(second.code).toBe(0);
  const after = snapshot(sandbox.root, [...skip, path.join(sandbox.root, 'tmp')]);
  expect([...after].filter(([p, v]) => before.get(p) !== v)).toEqual([]);
  expect([...before.keys()].filter((p) => !after.has(p))).toEqual([]);
  const statuses = stepsByName(sandbox.summary());
  expect(Object.values(statuses)).not.toContain('changed');
  expect(statuses.wheel).toBe('ok');
  expect(second.output).toContain(`wheel: ok: ${version} already installed`);
  expect(second.output).toMatch(/done: nothing changed/);
  // Nothing is left in TMPDIR either.
  expect(fs.readdirSync(path.join(sandbox.root, 'tmp'))).toEqual([]);
});

test('the Jupyter server then serves the extension, and the sidecar answers through the proxy with the token written', async () => {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const child = spawn(
    path.join(sandbox.envDir, 'bin', 'jupyter-lab'),
    [
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${sandbox.home}`,
      '--LabApp.news_url=',
      '--LabApp.extension_manager=readonly',
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    {
      cwd: sandbox.home,
      // The image's JupyterLab application (its static assets live in the repository venv).
      env: { ...sandbox.vars, JUPYTERLAB_DIR: path.join(REPO, '.venv', 'share', 'jupyter', 'lab') },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const base = `http://127.0.0.1:${port}/`;
  const headers = { Authorization: `token ${token}` };
  try {
    for (const deadline = Date.now() + 60_000; ;) {
      const ok = await fetch(`${base}api/status`, { headers }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`JupyterLab did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The page config names the extension among the federated ones the browser loads.
    const page = await (await fetch(`${base}lab`, { headers })).text();
    expect(page).toMatch(/"name":\s*"@studio-teams\/extension"/);
    // The proxy entry starts the sidecar with the token file the script wrote.
    const health = await fetch(`${base}studio-teams/api/health`, { headers });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', insideStudio: true });
    // What the panel's Last start section shows.
    const status = (await (
      await fetch(`${base}studio-teams/api/lifecycle`, { headers })
    ).json()) as LifecycleStatus;
    expect(status.summary?.script).toBe('jupyterlab');
    expect(status.summary?.version).toBe(version);
    // Hidden files are served by this server.
    expect((await fetch(`${base}api/contents/.profile?content=0`, { headers })).status).toBe(200);
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
