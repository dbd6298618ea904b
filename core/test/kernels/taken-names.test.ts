import fsSync, { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KERNELSPEC_MARKER } from '@studio-teams/schema';
import { kernels } from '../../src';

/**
 * Names taken in the kernels folder by something else. A rename races whatever else writes there
 * (another tab, `jupyter kernelspec install`): the target appearing, or the kernel vanishing,
 * between the check and the rename is a clear refusal that leaves both folders as they were, never
 * an unexplained failure. And a folder there that is no kernel still takes its name.
 */
let root: string;
let env: kernels.KernelsEnv;
let dir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-race-'));
  env = { HOME: path.join(root, 'home'), JUPYTER_DATA_DIR: path.join(root, 'data') };
  dir = path.join(root, 'data', 'kernels');
  await fs.mkdir(path.join(dir, 'forecast'), { recursive: true });
  const json = {
    argv: ['/nowhere/bin/python', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
    display_name: 'Python 3.11 (forecast)',
    language: 'python',
    metadata: { [KERNELSPEC_MARKER]: { environment: '/nowhere', kind: 'venv' } },
  };
  await fs.writeFile(path.join(dir, 'forecast', 'kernel.json'), JSON.stringify(json));
});

afterEach(async () => {
  jest.restoreAllMocks();
  await fs.rm(root, { recursive: true, force: true });
});

/** fs.promises.rename, with `before` run just before the real one. */
function raceRename(before: () => Promise<void>): void {
  const real = fsSync.promises.rename.bind(fsSync.promises);
  jest.spyOn(fsSync.promises, 'rename').mockImplementationOnce(async (from, to) => {
    await before();
    return real(from, to);
  });
}

test('a kernel folder made under the new name meanwhile is "already exists", and nothing moves', async () => {
  raceRename(async () => {
    await fs.mkdir(path.join(dir, 'churn'));
    await fs.writeFile(path.join(dir, 'churn', 'kernel.json'), '{}');
  });
  await expect(kernels.renameKernel(env, 'forecast', { name: 'churn' })).rejects.toThrow(
    new kernels.KernelExistsError('churn', null),
  );
  expect((await fs.readdir(dir)).sort()).toEqual(['churn', 'forecast']);
  expect(await fs.readdir(path.join(dir, 'forecast'))).toEqual(['kernel.json']);
});

test('a kernel removed meanwhile is "no kernel named"', async () => {
  raceRename(() => fs.rm(path.join(dir, 'forecast'), { recursive: true }));
  await expect(kernels.renameKernel(env, 'forecast', { name: 'churn' })).rejects.toThrow(
    kernels.KernelNotFoundError,
  );
  expect(await fs.readdir(dir)).toEqual([]);
});

test('the suggested name skips a folder of the kernels folder without a kernel.json: Register would be refused there', async () => {
  const venv = path.join(root, 'home', 'projects', 'forecast', '.venv');
  await fs.mkdir(path.join(venv, 'bin'), { recursive: true });
  await fs.writeFile(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.11.4\n');
  await fs.symlink(process.execPath, path.join(venv, 'bin', 'python'));
  await fs.rm(path.join(dir, 'forecast'), { recursive: true });
  await fs.mkdir(path.join(dir, 'forecast'));
  await fs.writeFile(path.join(dir, 'forecast-2'), 'a file, not a kernel');
  const status = await kernels.kernelsStatus({ env });
  expect(status.environments.map((e) => [e.path, e.suggestedName])).toEqual([[venv, 'forecast-3']]);
});
