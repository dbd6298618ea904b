import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kernels } from '../../src';

/**
 * The installer's command line is the first line of the job the panel shows: an index URL with a
 * password among STUDIO_KERNELS_PIP_ARGS shows it as `****` there (as pip does in its own output),
 * while pip itself still gets the real URL. The environment's python here is a script that records
 * its arguments and fails like pip would.
 */
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-redact-'));
});
afterAll(async () => fs.rm(root, { recursive: true, force: true }));

test('an index URL password never reaches the job output; pip still gets it', async () => {
  const venv = path.join(root, 'project', '.venv');
  await fs.mkdir(path.join(venv, 'bin'), { recursive: true });
  await fs.mkdir(path.join(venv, 'lib', 'python3.11', 'site-packages', 'pip'), { recursive: true });
  await fs.writeFile(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.11.4\n');
  const argsFile = path.join(root, 'args.txt');
  await fs.writeFile(
    path.join(venv, 'bin', 'python'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho 'ERROR: no matching distribution' >&2\nexit 1\n`,
    { mode: 0o755 },
  );
  const token = 'tok-3c1f9e';
  const lines: string[] = [];
  const error = await kernels
    .installIpykernel(venv, {
      env: { HOME: root, PATH: '/usr/bin:/bin' },
      extraArgs: ['--index-url', `https://jane:${token}@pypi.example.com/simple`],
      onLine: (line) => lines.push(line),
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(kernels.InstallFailedError);
  expect(lines[0]).toBe(
    '$ python -m pip install --progress-bar off --index-url https://jane:****@pypi.example.com/simple ipykernel',
  );
  expect(lines).toContain('ERROR: no matching distribution');
  expect(
    JSON.stringify([lines, (error as kernels.InstallFailedError).output, (error as Error).message]),
  ).not.toContain(token);
  expect(await fs.readFile(argsFile, 'utf8')).toContain(`https://jane:${token}@pypi.example.com/simple`);
});

test('arguments without a password are shown as they are', () => {
  for (const arg of [
    '--no-index',
    '--find-links',
    '/wheels',
    'https://pypi.example.com/simple',
    'git+ssh://git@host/x',
  ])
    expect(kernels.redactUrlPassword(arg)).toBe(arg);
  expect(kernels.redactUrlPassword('http://u:p@h:8080/s')).toBe('http://u:****@h:8080/s');
});
