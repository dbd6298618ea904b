import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegisterKernelBody } from '@studio-teams/schema';
import { kernels } from '../../src';

/** Reading environments from their files, and the names that may become kernel folders. */

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-env-'));
});
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

test('pipenv and poetry folders give the project name, as the original named kernels', () => {
  expect(kernels.projectName('/h/.local/share/virtualenvs/churn-model-Ab3_dE9x', 'pipenv')).toBe(
    'churn-model',
  );
  expect(kernels.projectName('/h/.cache/pypoetry/virtualenvs/forecast-Xy9zQ1a2-py3.11', 'poetry')).toBe(
    'forecast',
  );
  expect(kernels.projectName('/h/projects/nlp/.venv', 'project')).toBe('nlp');
  expect(kernels.projectName('/h/projects/nlp/venv', 'project')).toBe('nlp');
  expect(kernels.projectName('/h/envs/scratch', 'project')).toBe('scratch');
});

test('pyvenv.cfg: the version from venv, virtualenv or uv, and uv recognised', async () => {
  const uv = path.join(dir, 'proj', '.venv');
  await fs.mkdir(path.join(uv, 'bin'), { recursive: true });
  await fs.writeFile(
    path.join(uv, 'pyvenv.cfg'),
    'home = /usr/bin\nimplementation = CPython\nuv = 0.5.11\nversion_info = 3.12.1\ninclude-system-site-packages = false\n',
  );
  const facts = await kernels.inspectEnvironment(uv, 'project');
  expect(facts).toMatchObject({ name: 'proj', kind: 'uv', pythonVersion: '3.12.1', pythonExists: false });
  expect(facts?.hasIpykernel).toBe(false);
  expect(await kernels.inspectEnvironment(path.join(dir, 'proj'), 'project')).toBeNull();
});

test('a conda environment: python version and ipykernel from conda-meta', async () => {
  const env = path.join(dir, 'conda', 'geo');
  await fs.mkdir(path.join(env, 'conda-meta'), { recursive: true });
  await fs.writeFile(path.join(env, 'conda-meta', 'python-3.10.14-hd12c33a_0.json'), '{}');
  const before = await kernels.inspectEnvironment(env, 'conda');
  expect(before).toMatchObject({ kind: 'conda', name: 'geo', pythonVersion: '3.10.14', hasIpykernel: false });
  await fs.writeFile(path.join(env, 'conda-meta', 'ipykernel-6.29.5-pyh3099207_0.json'), '{}');
  expect((await kernels.inspectEnvironment(env, 'conda'))?.hasIpykernel).toBe(true);
});

test.each(['../escape', '..', '.', 'a/b', '/etc', 'UPPER', 'x'.repeat(65), '', '-lead', 'sp ace', 'nul\0'])(
  'kernel name %j is refused before any path is made of it',
  (name) => {
    expect(() => kernels.kernelFolder('/data/kernels', name)).toThrow(kernels.KernelNameError);
  },
);

test('kernel names made from project names are valid and display names carry the minor version', () => {
  expect(kernels.kernelNameFor('Churn Model (v2)')).toBe('churn-model-v2');
  expect(kernels.kernelNameFor('..')).toBe('python-env');
  expect(kernels.kernelFolder('/data/kernels', kernels.kernelNameFor('_x'))).toBe('/data/kernels/x');
  expect(kernels.displayNameFor('churn', '3.11.7')).toBe('Python 3.11 (churn)');
  expect(kernels.displayNameFor('churn', null)).toBe('Python 3 (churn)');
  // The panel registers with this suggestion: it must pass the route's schema (one line, <= 120).
  const long = kernels.displayNameFor('a-very-long-project-folder-name-'.repeat(8), '3.12.1');
  expect(long).toMatch(/^Python 3\.12 \(a-very-long-project-folder-name-.*…\)$/);
  expect([...long]).toHaveLength(120);
  expect(kernels.displayNameFor('two\nlines\tand\x7f', '3.11')).toBe('Python 3.11 (two lines and)');
  const { pattern, maxLength } = RegisterKernelBody.properties.displayName;
  expect(new RegExp(pattern ?? 'missing').test(long)).toBe(true);
  expect(long.length).toBeLessThanOrEqual(maxLength ?? 0);
});

test('the data dir: JUPYTER_DATA_DIR, else XDG_DATA_HOME, else ~/.local/share', () => {
  expect(kernels.kernelsDir({ HOME: '/h', JUPYTER_DATA_DIR: '/j' })).toBe('/j/kernels');
  expect(kernels.kernelsDir({ HOME: '/h', XDG_DATA_HOME: '/x' })).toBe('/x/jupyter/kernels');
  expect(kernels.kernelsDir({ HOME: '/h' })).toBe('/h/.local/share/jupyter/kernels');
});

test('conda: named environments from ~/.conda/environments.txt, wherever they are; base installs left out', async () => {
  const home = path.join(dir, 'conda-home');
  const named = path.join(dir, 'opt', 'conda', 'envs', 'geo-tools');
  const base = path.join(dir, 'opt', 'conda');
  for (const env of [named, base]) {
    await fs.mkdir(path.join(env, 'conda-meta'), { recursive: true });
    await fs.writeFile(path.join(env, 'conda-meta', 'python-3.12.1-hab00c5b_0.json'), '{}');
  }
  await fs.mkdir(path.join(home, '.conda'), { recursive: true });
  await fs.writeFile(path.join(home, '.conda', 'environments.txt'), `${base}\n${named}\n`);
  const found = await kernels.discoverEnvironments({ env: { HOME: home } });
  expect(found.environments.map((e) => [e.path, e.kind, e.name])).toEqual([[named, 'conda', 'geo-tools']]);
});

test('the walk: .venv and venv in projects to the depth, nothing in hidden folders, node_modules or symlinks', async () => {
  const home = path.join(dir, 'walk-home');
  const mark = async (folder: string) => {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'pyvenv.cfg'), 'version = 3.11.7\n');
  };
  await mark(path.join(home, 'a', '.venv'));
  await mark(path.join(home, 'a', 'b', 'c', 'd', 'venv')); // depth 5, just past 4: a project's own
  await mark(path.join(home, 'a', 'b', 'c', 'd', 'e', '.venv')); // too deep
  await mark(path.join(home, 'envs', 'scratch'));
  await mark(path.join(home, '.hidden', 'venv'));
  await mark(path.join(home, 'web', 'node_modules', 'x', '.venv'));
  await fs.symlink(path.join(home, 'a'), path.join(home, 'link-to-a'));
  const found = await kernels.discoverEnvironments({ env: { HOME: home } });
  expect(found.environments.map((e) => path.relative(home, e.path)).sort()).toEqual([
    'a/.venv',
    'a/b/c/d/venv',
    'envs/scratch',
  ]);
  expect(found.truncated).toBe(false);
  const budget = await kernels.discoverEnvironments({ env: { HOME: home }, maxFolders: 3 });
  expect(budget.truncated).toBe(true);
});

test.each([
  ['poetry.lock', 'poetry'],
  ['Pipfile', 'pipenv'],
  ['uv.lock', 'uv'],
  ['requirements.txt', 'venv'],
])('an in-project .venv beside %s is a %s environment', async (file, kind) => {
  const project = path.join(dir, `kind-${file}`);
  await fs.mkdir(path.join(project, '.venv'), { recursive: true });
  await fs.writeFile(path.join(project, '.venv', 'pyvenv.cfg'), 'version = 3.11.7\n');
  await fs.writeFile(path.join(project, file), '');
  expect((await kernels.inspectEnvironment(path.join(project, '.venv'), 'project'))?.kind).toBe(kind);
});
