import './helpers/esm-cookie-shim';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { kernels } from '@studio-teams/core';
import { buildTestApp, type TestApp } from './helpers/test-app';

/**
 * `/api/kernels` over real venvs made now under a home of its own: one with ipykernel (installed by
 * pip, pinned by the repository's requirements), one without, and a pipenv-style folder name.
 */
jest.setTimeout(180_000);

const run = promisify(execFile);
const REQUIREMENTS = path.resolve(__dirname, '..', '..', 'requirements.txt');

/** A venv with ipykernel, made once per machine (as core's kernels tests do) and copied per test. */
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

let t: TestApp;
let home: string;
let dataDir: string;
let pipenvEnv: string;
let bare: string;

beforeAll(async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-kernels-'));
  home = path.join(root, 'home');
  dataDir = path.join(root, 'data');
  pipenvEnv = await venvWithIpykernel(
    path.join(home, '.local', 'share', 'virtualenvs', 'churn-model-Ab3dE9xQ'),
  );
  bare = path.join(home, 'projects', 'webapp', '.venv');
  await fs.mkdir(path.dirname(bare), { recursive: true });
  await run('python3', ['-m', 'venv', '--without-pip', bare]);
  t = await buildTestApp({
    env: { HOME: home, JUPYTER_DATA_DIR: dataDir, PATH: '/usr/bin:/bin' },
    mutationRateLimit: { max: 1000, timeWindowMs: 60_000 },
  });
});
afterAll(async () => {
  await t?.close();
  if (home) await fs.rm(path.dirname(home), { recursive: true, force: true });
});

const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
  const res = await t.app.inject({
    method,
    url,
    headers: { ...t.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json() };
};

const kernelFolders = async () => (await fs.readdir(path.join(dataDir, 'kernels')).catch(() => [])).sort();

test('GET lists each environment with its status, and needs the token', async () => {
  const unauthenticated = await t.app.inject({
    method: 'GET',
    url: '/api/kernels',
    headers: { host: t.headers.host! },
  });
  expect(unauthenticated.statusCode).toBe(401);
  const { status, body } = await call('GET', '/api/kernels');
  expect(status).toBe(200);
  expect(body.kernelsDir).toBe(path.join(dataDir, 'kernels'));
  expect(body.environments).toEqual([
    expect.objectContaining({ path: pipenvEnv, name: 'churn-model', kind: 'pipenv', status: 'ready' }),
    expect.objectContaining({ path: bare, name: 'webapp', kind: 'venv', status: 'needs-ipykernel' }),
  ]);
});

test('register, rename and unregister answer with the state after each change', async () => {
  const registered = await call('POST', '/api/kernels/specs', { environment: pipenvEnv });
  expect(registered.status).toBe(200);
  expect(registered.body.message).toMatch(
    /^Kernel “Python 3\.\d+ \(churn-model\)” registered as churn-model\.$/,
  );
  expect(registered.body.status.environments[0]).toMatchObject({
    status: 'registered',
    kernels: ['churn-model'],
  });
  expect(await kernelFolders()).toEqual(['churn-model']);

  const renamed = await call('PATCH', '/api/kernels/specs/churn-model', { displayName: 'Churn (prod data)' });
  expect(renamed.status).toBe(200);
  expect(renamed.body.status.kernels).toEqual([
    expect.objectContaining({ name: 'churn-model', displayName: 'Churn (prod data)', managed: true }),
  ]);

  const removed = await call('DELETE', '/api/kernels/specs/churn-model');
  expect(removed.status).toBe(200);
  expect(removed.body.status.environments[0].status).toBe('ready');
  expect(await kernelFolders()).toEqual([]);
});

test('bad input is a clear 4xx and leaves the kernels folder as it was', async () => {
  await call('POST', '/api/kernels/specs', { environment: pipenvEnv, name: 'churn' });
  const before = await kernelFolders();

  const escaping = await call('POST', '/api/kernels/specs', { environment: pipenvEnv, name: '../../escape' });
  expect(escaping.status).toBe(400);
  expect(escaping.body.message).toMatch(/name/);
  const escapingPath = await call('DELETE', `/api/kernels/specs/${encodeURIComponent('../data')}`);
  expect(escapingPath.status).toBe(400);
  expect(escapingPath.body.message).toMatch(/not a usable kernel name/);

  const duplicate = await call('POST', '/api/kernels/specs', { environment: pipenvEnv, name: 'churn' });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.message).toBe(
    `a kernel named "churn" already exists (it runs ${pipenvEnv}/bin/python): choose another name`,
  );

  const noIpykernel = await call('POST', '/api/kernels/specs', { environment: bare });
  expect(noIpykernel.status).toBe(409);
  expect(noIpykernel.body.message).toMatch(/has no ipykernel.*install ipykernel in it first/);

  // Listed, then deleted before the click.
  const gone = await venvWithIpykernel(path.join(home, 'projects', 'gone', '.venv'));
  await fs.rm(gone, { recursive: true });
  const vanished = await call('POST', '/api/kernels/specs', { environment: gone });
  expect(vanished.status).toBe(404);
  expect(vanished.body.message).toBe(`${gone} is not a Python environment (anymore?): refresh the list`);

  const foreign = path.join(dataDir, 'kernels', 'system-python');
  await fs.mkdir(foreign);
  await fs.writeFile(
    path.join(foreign, 'kernel.json'),
    JSON.stringify({ argv: ['python3'], display_name: 'Py' }),
  );
  const notOurs = await call('DELETE', '/api/kernels/specs/system-python');
  expect(notOurs.status).toBe(409);
  expect(notOurs.body.message).toMatch(/not registered by Studio for Teams.*jupyter kernelspec remove/);
  expect((await call('PATCH', '/api/kernels/specs/churn', { name: 'system-python' })).status).toBe(409);
  expect((await call('DELETE', '/api/kernels/specs/nope')).status).toBe(404);
  expect((await call('PATCH', '/api/kernels/specs/churn', {})).status).toBe(400);
  expect((await call('POST', '/api/kernels/specs', { environment: pipenvEnv, extra: 1 })).status).toBe(400);

  expect(await kernelFolders()).toEqual([...before, 'system-python'].sort());
  expect((await fs.readdir(dataDir)).filter((f) => f.startsWith('.'))).toEqual([]);
});

test('install ipykernel: a job to poll, which fails with the reason when the environment has no installer', async () => {
  expect(
    (await call('POST', '/api/kernels/ipykernel', { environment: path.join(home, 'nowhere') })).status,
  ).toBe(404);
  const started = await call('POST', '/api/kernels/ipykernel', { environment: bare });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ environment: bare, state: 'running' });
  let job = started.body;
  for (let i = 0; i < 100 && job.state === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await call('GET', `/api/kernels/ipykernel/${started.body.id}`)).body;
  }
  expect(job.state).toBe('failed');
  expect(job.message).toMatch(/has no pip and uv is not on the PATH/);
  expect((await call('GET', '/api/kernels/ipykernel/00000000-0000-0000-0000-000000000000')).status).toBe(404);
});
