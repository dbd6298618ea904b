import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sitePackages } from './environment';
import { InstallFailedError } from './errors';
import type { KernelsEnv } from './paths';
import { usableEnvironment } from './registration';

export interface InstallOptions {
  /** The installer's environment (PIP_INDEX_URL and friends, PATH for uv). */
  env: KernelsEnv & NodeJS.ProcessEnv;
  /** Each line of the installer's output, as it comes: the panel's progress. */
  onLine?: (line: string) => void;
  /** Extra installer arguments, e.g. `--no-index --find-links /wheels` offline. @default STUDIO_KERNELS_PIP_ARGS split on spaces */
  extraArgs?: readonly string[];
  signal?: AbortSignal;
}

/**
 * The command line is shown in the panel and kept in the job: an index URL among the extra arguments
 * (`--index-url https://user:token@…`) shows its password as pip itself does, as `****`.
 */
export const redactUrlPassword = (arg: string): string =>
  arg.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, '$1****@');

/** How many of the installer's last lines are kept for a failure message. */
const KEPT_LINES = 200;

async function onPath(program: string, pathVar: string | undefined): Promise<string | null> {
  for (const dir of (pathVar ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    if (
      await fs.access(candidate, fs.constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return null;
}

/**
 * The command that installs into this environment: its own pip when it has one; uv's pip
 * otherwise (uv makes venvs without pip). Never the pip of another Python.
 */
async function installer(
  folder: string,
  python: string,
  version: string | null,
  pathVar: string | undefined,
): Promise<{ program: string; args: string[] }> {
  const sites = await sitePackages(folder, version);
  const hasPip = (
    await Promise.all(
      sites.map((s) =>
        fs.stat(path.join(s, 'pip')).then(
          () => true,
          () => false,
        ),
      ),
    )
  ).some(Boolean);
  if (hasPip) return { program: python, args: ['-m', 'pip', 'install', '--progress-bar', 'off'] };
  const uv = await onPath('uv', pathVar);
  if (uv) return { program: uv, args: ['pip', 'install', '--python', python] };
  throw new InstallFailedError(
    `${folder} has no pip and uv is not on the PATH: run \`python -m ensurepip\` with its python, or \`uv pip install ipykernel\` in the project`,
    [],
  );
}

/**
 * Installs ipykernel into an environment with that environment's own installer, reporting each
 * line. Resolves once it is importable from the environment's site-packages; rejects with the
 * installer's last lines otherwise.
 */
export async function installIpykernel(
  folder: string,
  options: InstallOptions,
): Promise<{ output: string[] }> {
  const environment = await usableEnvironment(options.env, folder, { needIpykernel: false });
  const extra =
    options.extraArgs ?? (options.env.STUDIO_KERNELS_PIP_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const { program, args } = await installer(
    environment.path,
    environment.python,
    environment.pythonVersion,
    options.env.PATH,
  );
  const output: string[] = [];
  const keep = (line: string): void => {
    output.push(line);
    if (output.length > KEPT_LINES) output.shift();
    options.onLine?.(line);
  };
  keep(`$ ${[path.basename(program), ...args, ...extra.map(redactUrlPassword), 'ipykernel'].join(' ')}`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(program, [...args, ...extra, 'ipykernel'], {
      env: { ...options.env, PYTHONUNBUFFERED: '1', PIP_NO_INPUT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split(/\r?\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) keep(line);
      });
      stream.on('end', () => {
        if (pending.trim()) keep(pending);
      });
    }
    child.on('error', reject);
    child.on('close', resolve);
  }).catch((error: unknown) => {
    throw new InstallFailedError(`could not run ${program}: ${(error as Error).message}`, output);
  });
  if (code !== 0) {
    throw new InstallFailedError(
      `installing ipykernel into ${environment.path} failed (exit ${code})`,
      output,
    );
  }
  // The environment may have vanished while pip ran; say so rather than report success.
  const after = await usableEnvironment(options.env, folder, { needIpykernel: false });
  if (!after.hasIpykernel) {
    throw new InstallFailedError(
      `the installer finished but ${environment.path} still has no ipykernel`,
      output,
    );
  }
  return { output };
}
