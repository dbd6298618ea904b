import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { kernels } from '@studio-teams/core';

/**
 * `node kernels.js`, bundled as scripts/jupyter/bundle-sidecar.sh bundles it for the wheel, run as
 * the lifecycle scripts run it at app start, over a home with a real venv.
 */
jest.setTimeout(180_000);

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const REQUIREMENTS = path.join(REPO, 'requirements.txt');

let root: string;
let bundle: string;

async function venvWithIpykernel(folder: string): Promise<string> {
  const pin = /^ipykernel==(\S+)/m.exec(await fs.readFile(REQUIREMENTS, 'utf8'))?.[1] ?? 'unpinned';
  const template = path.join(os.tmpdir(), `studio-teams-kernels-template-${pin}`);
  if (!(await fs.stat(path.join(template, 'pyvenv.cfg')).catch(() => null))) {
    const building = `${template}.${process.pid}.tmp`;
    await fs.rm(building, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', building]);
    await kernels.installIpykernel(building, { env: process.env, extraArgs: ['-c', REQUIREMENTS] });
    await fs.rename(building, template).catch(() => fs.rm(building, { recursive: true, force: true }));
  }
  await fs.mkdir(path.dirname(folder), { recursive: true });
  await run('cp', ['-a', template, folder]);
  return folder;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-cli-'));
  bundle = path.join(root, 'kernels.js');
  await run(
    path.join(REPO, 'node_modules', '.bin', 'esbuild'),
    [
      'sidecar/src/bin/kernels.ts',
      '--bundle',
      '--platform=node',
      '--target=node20',
      '--format=cjs',
      '--main-fields=module,main',
      '--log-level=warning',
      '--alias:@studio-teams/schema=./schema/src',
      '--alias:@studio-teams/core=./core/src',
      `--outfile=${bundle}`,
    ],
    { cwd: REPO },
  );
});
afterAll(async () => fs.rm(root, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

const kernelsJs = (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Ran> =>
  run(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH, ...env }, cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

test('--help, and usage errors exit 2 with the usage', async () => {
  const help = await kernelsJs(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: kernels <command>/);
  for (const args of [[], ['bogus'], ['sync', '--nope'], ['list', '--max-depth', 'x']]) {
    const bad = await kernelsJs(args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kernels: .+\n\nUsage: kernels/);
  }
});

test('sync registers the home’s environments with ipykernel, then changes nothing the second time', async () => {
  const home = path.join(root, 'home');
  const data = path.join(root, 'data');
  const env = await venvWithIpykernel(path.join(home, '.local', 'share', 'virtualenvs', 'etl-jobs-Zq81_xYw'));
  await run('python3', ['-m', 'venv', '--without-pip', path.join(home, 'site', '.venv')]);

  const first = await kernelsJs(['sync', '--data-dir', data], { HOME: home });
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(
    /^registered etl-jobs: Python 3\.\d+ \(etl-jobs\)\ndone: 2 environment\(s\), 1 without ipykernel/,
  );
  const spec = JSON.parse(await fs.readFile(path.join(data, 'kernels', 'etl-jobs', 'kernel.json'), 'utf8'));
  expect(spec.argv[0]).toBe(path.join(env, 'bin', 'python'));

  const second = await kernelsJs(['sync', '--home', home, '--data-dir', data, '--json']);
  expect(second.code).toBe(0);
  const result = JSON.parse(second.stdout);
  expect(result.registered).toEqual([]);
  expect(result.status.environments.map((e: { status: string }) => e.status).sort()).toEqual([
    'needs-ipykernel',
    'registered',
  ]);

  const listed = await kernelsJs(['list', '--home', home, '--data-dir', data]);
  expect(listed.stdout).toMatch(/etl-jobs \(pipenv, Python 3\.\d+\.\d+\): registered -> etl-jobs/);
  expect(listed.stdout).toMatch(/site \(venv, Python 3\.\d+\.\d+\): needs ipykernel/);
});

test('a relative --home is taken from the working folder: the kernels it would register run absolute paths', async () => {
  const listed = await kernelsJs(['list', '--home', 'home', '--data-dir', 'data', '--json'], {}, root);
  expect(listed.code).toBe(0);
  const status = JSON.parse(listed.stdout);
  expect(status.kernelsDir).toBe(path.join(root, 'data', 'kernels'));
  const paths = status.environments.map((e: { path: string }) => e.path).sort();
  expect(paths).toEqual([
    path.join(root, 'home', '.local', 'share', 'virtualenvs', 'etl-jobs-Zq81_xYw'),
    path.join(root, 'home', 'site', '.venv'),
  ]);
});
