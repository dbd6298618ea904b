import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { kernels } from '../../src';

const run = promisify(execFile);

/** The repository's pinned requirements: ipykernel and its dependencies at the versions the project uses. */
export const REQUIREMENTS = path.resolve(__dirname, '..', '..', '..', 'requirements.txt');
export const PYTHON = 'python3';

/** A real venv, made by `python3 -m venv` (without pip when `pip` is false, as uv makes them). */
export async function makeVenv(folder: string, { pip = false } = {}): Promise<string> {
  await fs.mkdir(path.dirname(folder), { recursive: true });
  await run(PYTHON, ['-m', 'venv', ...(pip ? [] : ['--without-pip']), folder]);
  return folder;
}

/**
 * A venv with ipykernel installed by our own install action (its pip, pinned by requirements.txt),
 * made once per machine and copied for each test: pip takes ~15 s, a copy well under one.
 * A copied venv is a working venv: `bin/python` finds its prefix from the pyvenv.cfg beside it.
 */
export async function venvWithIpykernel(folder: string): Promise<string> {
  const template = path.join(os.tmpdir(), `studio-teams-kernels-template-${await requirementsDigest()}`);
  if (!(await fs.stat(path.join(template, 'pyvenv.cfg')).catch(() => null))) {
    const building = `${template}.${process.pid}.tmp`;
    await fs.rm(building, { recursive: true, force: true });
    await makeVenv(building, { pip: true });
    await kernels.installIpykernel(building, { env: process.env, extraArgs: ['-c', REQUIREMENTS] });
    await fs.rename(building, template).catch(async () => {
      // Another test file built it meanwhile.
      await fs.rm(building, { recursive: true, force: true });
    });
  }
  await fs.mkdir(path.dirname(folder), { recursive: true });
  await run('cp', ['-a', template, folder]);
  return folder;
}

async function requirementsDigest(): Promise<string> {
  const text = await fs.readFile(REQUIREMENTS, 'utf8');
  return /^ipykernel==(\S+)/m.exec(text)?.[1] ?? 'unpinned';
}

/** What the interpreter a kernelspec names says its prefix is: the kernel's environment. */
export async function prefixOf(python: string): Promise<string> {
  const { stdout } = await run(python, ['-c', 'import sys; print(sys.prefix)']);
  return stdout.trim();
}
