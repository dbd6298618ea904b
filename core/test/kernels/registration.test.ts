import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernels } from '../../src';
import { startJupyterServer, type JupyterServer } from './jupyter-server';
import { makeVenv, prefixOf, REQUIREMENTS, venvWithIpykernel } from './real-venvs';

/**
 * Real environments made now under a home of their own: a pipenv virtualenv and a project `venv`
 * with ipykernel, a project `.venv` without it, and one whose interpreter is deleted after it got a
 * kernel. A real Jupyter server lists what registration writes.
 */
jest.setTimeout(180_000);

let root: string;
let home: string;
let dataDir: string;
let env: kernels.KernelsEnv;
let pipenvEnv: string;
let projectVenv: string;
let bare: string;
let doomed: string;
let server: JupyterServer | undefined;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-reg-'));
  home = path.join(root, 'home');
  dataDir = path.join(root, 'jupyter-data');
  env = { HOME: home, JUPYTER_DATA_DIR: dataDir, XDG_CONFIG_HOME: path.join(home, '.config') };
  pipenvEnv = await venvWithIpykernel(
    path.join(home, '.local', 'share', 'virtualenvs', 'churn-model-Ab3dE9xQ'),
  );
  projectVenv = await venvWithIpykernel(path.join(home, 'projects', 'forecast', 'venv'));
  doomed = await venvWithIpykernel(path.join(home, 'projects', 'old-study', '.venv'));
  bare = await makeVenv(path.join(home, 'projects', 'webapp', '.venv'));
  // Folders discovery must not descend into (and would be slow to): a big node_modules, hidden caches.
  for (let i = 0; i < 50; i++)
    await fs.mkdir(path.join(home, 'projects', 'webapp', 'node_modules', `p${i}`, 'venv'), {
      recursive: true,
    });
  await fs.mkdir(path.join(home, '.hidden-tool', 'venv'), { recursive: true });
});

afterAll(async () => {
  await server?.close();
  await fs.rm(root, { recursive: true, force: true });
});

const byPath = (status: Awaited<ReturnType<typeof kernels.kernelsStatus>>, folder: string) =>
  status.environments.find((e) => e.path === folder);

test('discovery finds each environment with its kind, version and ipykernel, reading files only', async () => {
  const status = await kernels.kernelsStatus({ env });
  expect(status.kernelsDir).toBe(path.join(dataDir, 'kernels'));
  expect(status.environments.map((e) => e.path).sort()).toEqual(
    [bare, doomed, pipenvEnv, projectVenv].sort(),
  );
  expect(byPath(status, pipenvEnv)).toMatchObject({
    name: 'churn-model',
    kind: 'pipenv',
    hasIpykernel: true,
    pythonExists: true,
    status: 'ready',
    suggestedName: 'churn-model',
    kernels: [],
  });
  expect(byPath(status, pipenvEnv)?.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
  expect(byPath(status, pipenvEnv)?.suggestedDisplayName).toMatch(/^Python 3\.\d+ \(churn-model\)$/);
  expect(byPath(status, projectVenv)).toMatchObject({ name: 'forecast', kind: 'venv', status: 'ready' });
  expect(byPath(status, bare)).toMatchObject({
    name: 'webapp',
    hasIpykernel: false,
    status: 'needs-ipykernel',
  });
});

test('sync registers every ready environment; the kernels run the environment and a real Jupyter server lists them', async () => {
  const result = await kernels.syncKernels({ env });
  expect(result.registered.map((r) => r.name).sort()).toEqual(['churn-model', 'forecast', 'old-study']);
  expect(result.needIpykernel).toEqual([bare]);
  for (const e of result.status.environments.filter((x) => x.path !== bare))
    expect(e.status).toBe('registered');

  const spec = JSON.parse(
    await fs.readFile(path.join(dataDir, 'kernels', 'churn-model', 'kernel.json'), 'utf8'),
  );
  expect(spec.argv).toEqual([
    path.join(pipenvEnv, 'bin', 'python'),
    '-m',
    'ipykernel_launcher',
    '-f',
    '{connection_file}',
  ]);
  expect(spec.metadata.studio_teams).toEqual({ environment: pipenvEnv, kind: 'pipenv' });
  expect(await prefixOf(spec.argv[0])).toBe(pipenvEnv);
  // Nothing left behind by staging.
  expect((await fs.readdir(dataDir)).filter((f) => f.startsWith('.'))).toEqual([]);

  server = await startJupyterServer(home, dataDir);
  const listed = (await server.kernelspecs()).kernelspecs;
  expect(listed['churn-model']?.spec.display_name).toMatch(/^Python 3\.\d+ \(churn-model\)$/);
  expect(listed['forecast']?.spec.argv[0]).toBe(path.join(projectVenv, 'bin', 'python'));
  expect(listed['old-study']).toBeDefined();

  // A second sync changes nothing.
  const again = await kernels.syncKernels({ env });
  expect(again.registered).toEqual([]);
  expect(again.removed).toEqual([]);
});

test('a kernel whose interpreter was deleted: the environment is broken, the kernel stale, and only ours are removed', async () => {
  // Someone else's kernel pointing at a missing interpreter: reported, never touched.
  const foreign = path.join(dataDir, 'kernels', 'team-r');
  await fs.mkdir(foreign, { recursive: true });
  await fs.writeFile(
    path.join(foreign, 'kernel.json'),
    JSON.stringify({
      argv: ['/opt/gone/bin/python', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
      display_name: 'Team R',
      language: 'python',
    }),
  );
  await fs.rm(path.join(doomed, 'bin'), { recursive: true });

  const status = await kernels.kernelsStatus({ env });
  expect(byPath(status, doomed)).toMatchObject({ status: 'broken', pythonExists: false });
  expect(status.kernels.find((k) => k.name === 'old-study')).toMatchObject({
    managed: true,
    pythonExists: false,
  });
  expect(status.kernels.find((k) => k.name === 'team-r')).toMatchObject({
    managed: false,
    pythonExists: false,
  });

  expect(await kernels.removeStaleKernels(env)).toEqual(['old-study']);
  const names = (await fs.readdir(path.join(dataDir, 'kernels'))).sort();
  expect(names).toEqual(['churn-model', 'forecast', 'team-r']);
  await expect(kernels.unregisterKernel(env, 'team-r')).rejects.toThrow(kernels.NotManagedError);
  expect(Object.keys((await server!.kernelspecs()).kernelspecs)).not.toContain('old-study');
});

test('bad input: an escaping name, a duplicate, an environment gone mid-action, one without ipykernel; nothing half-written', async () => {
  const before = (await fs.readdir(path.join(dataDir, 'kernels'))).sort();
  await expect(
    kernels.registerKernel(env, { environment: projectVenv, name: '../../escape' }),
  ).rejects.toThrow(kernels.KernelNameError);
  await expect(
    kernels.registerKernel(env, { environment: projectVenv, name: 'churn-model' }),
  ).rejects.toThrow(/already exists .*churn-model/);
  await expect(kernels.registerKernel(env, { environment: bare, name: 'webapp' })).rejects.toThrow(
    kernels.NoIpykernelError,
  );
  // Listed a moment ago, deleted before the click.
  const vanishing = await venvWithIpykernel(path.join(home, 'projects', 'vanishing', '.venv'));
  expect(byPath(await kernels.kernelsStatus({ env }), vanishing)?.status).toBe('ready');
  await fs.rm(vanishing, { recursive: true });
  await expect(kernels.registerKernel(env, { environment: vanishing })).rejects.toThrow(
    kernels.EnvironmentNotFoundError,
  );
  await expect(kernels.registerKernel(env, { environment: 'relative/.venv' })).rejects.toThrow(
    kernels.EnvironmentNotFoundError,
  );
  await expect(kernels.renameKernel(env, 'forecast', { name: 'churn-model' })).rejects.toThrow(
    /already exists/,
  );
  await expect(kernels.unregisterKernel(env, '../jupyter-data')).rejects.toThrow(kernels.KernelNameError);
  expect((await fs.readdir(path.join(dataDir, 'kernels'))).sort()).toEqual(before);
  expect((await fs.readdir(dataDir)).filter((f) => f.startsWith('.'))).toEqual([]);
});

test('rename changes the folder and the display name; unregister removes it and sync leaves it unregistered', async () => {
  const renamed = await kernels.renameKernel(env, 'forecast', {
    name: 'forecast-v2',
    displayName: 'Forecast (GPU)',
  });
  expect(renamed).toEqual({ name: 'forecast-v2', displayName: 'Forecast (GPU)' });
  let listed = (await server!.kernelspecs()).kernelspecs;
  expect(listed['forecast']).toBeUndefined();
  expect(listed['forecast-v2']?.spec.display_name).toBe('Forecast (GPU)');

  await kernels.unregisterKernel(env, 'forecast-v2');
  listed = (await server!.kernelspecs()).kernelspecs;
  expect(listed['forecast-v2']).toBeUndefined();
  const status = await kernels.kernelsStatus({ env });
  expect(byPath(status, projectVenv)?.status).toBe('ready');

  // The user said no: the next app start keeps it that way, until they register it again.
  const sync = await kernels.syncKernels({ env });
  expect(sync.registered).toEqual([]);
  expect(sync.declined).toEqual([projectVenv]);
  await kernels.registerKernel(env, { environment: projectVenv });
  expect((await kernels.readDeclined(env)).size).toBe(0);
  expect((await server!.kernelspecs()).kernelspecs['forecast']).toBeDefined();
});

test('install ipykernel: a venv without pip and no uv fails with a clear message; with pip it installs and becomes ready', async () => {
  await expect(kernels.installIpykernel(bare, { env: { ...env, PATH: '/nonexistent' } })).rejects.toThrow(
    /has no pip and uv is not on the PATH/,
  );
  const withPip = await makeVenv(path.join(home, 'projects', 'offline', '.venv'), { pip: true });
  const lines: string[] = [];
  // Offline and no wheels: pip fails, and its own words come back.
  const failed = kernels.installIpykernel(withPip, {
    env: { ...process.env, ...env },
    extraArgs: ['--no-index'],
    onLine: (l) => lines.push(l),
  });
  await expect(failed).rejects.toThrow(/installing ipykernel into .* failed \(exit 1\)/);
  const error = await failed.catch((e: kernels.InstallFailedError) => e);
  expect(error.output.join('\n')).toMatch(/No matching distribution found for ipykernel/);
  expect(lines[0]).toMatch(/^\$ python -m pip install/);
  expect(byPath(await kernels.kernelsStatus({ env }), withPip)?.status).toBe('needs-ipykernel');

  // Through the machine's index, pinned by the repository's requirements: progress line by line.
  lines.length = 0;
  await kernels.installIpykernel(withPip, {
    env: { ...process.env, ...env },
    extraArgs: ['-c', REQUIREMENTS],
    onLine: (l) => lines.push(l),
  });
  expect(lines.some((l) => /Successfully installed .*ipykernel-/.test(l))).toBe(true);
  expect(byPath(await kernels.kernelsStatus({ env }), withPip)?.status).toBe('ready');
});
