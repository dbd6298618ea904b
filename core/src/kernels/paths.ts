import os from 'node:os';
import path from 'node:path';
import { KERNEL_NAME_PATTERN } from '@studio-teams/schema';
import { KernelNameError } from './errors';

/**
 * Where things live, from the environment the caller was given (the sidecar's or the CLI's), so
 * tests and the local Studio can point everything at a folder of their own.
 */
export interface KernelsEnv {
  readonly HOME?: string | undefined;
  readonly JUPYTER_DATA_DIR?: string | undefined;
  readonly XDG_DATA_HOME?: string | undefined;
  readonly XDG_CONFIG_HOME?: string | undefined;
  readonly WORKON_HOME?: string | undefined;
  readonly POETRY_VIRTUALENVS_PATH?: string | undefined;
  readonly CONDA_ENVS_PATH?: string | undefined;
  readonly CONDA_ENVS_DIRS?: string | undefined;
  readonly PATH?: string | undefined;
}

export const homeOf = (env: KernelsEnv): string => env.HOME || os.homedir();

/** Jupyter's user data dir, as jupyter_core resolves it on Linux. */
export function jupyterDataDir(env: KernelsEnv): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  return path.join(env.XDG_DATA_HOME || path.join(homeOf(env), '.local', 'share'), 'jupyter');
}

export const kernelsDir = (env: KernelsEnv): string => path.join(jupyterDataDir(env), 'kernels');

/** Environments the user unregistered on purpose: `sync` at app start leaves them unregistered. */
export function declinedFile(env: KernelsEnv): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(homeOf(env), '.config');
  return path.join(configHome, 'studio-teams', 'kernels-declined.json');
}

const NAME = new RegExp(KERNEL_NAME_PATTERN);

/**
 * The kernelspec folder for `name`, refusing anything that is not a plain kernel name: the name
 * arrives from a request, and `../x` or `a/b` must never become a path outside the kernels folder.
 */
export function kernelFolder(dir: string, name: string): string {
  if (!NAME.test(name)) throw new KernelNameError(name);
  const folder = path.join(dir, name);
  if (path.dirname(folder) !== dir) throw new KernelNameError(name);
  return folder;
}

/** A valid kernel name made from a project name: `My Project!` -> `my-project`. */
export function kernelNameFor(project: string): string {
  const cleaned = project
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[._-]+$/, '');
  return cleaned || 'python-env';
}

/** What a display name may be (the register and rename bodies' schema): one line, 120 characters. */
export const DISPLAY_NAME_MAX = 120;

/**
 * `Python 3.11 (project)`, the label the launcher shows, and the panel's Register sends: a long or
 * odd folder name is shortened and made one line, so the suggestion is always one the route accepts.
 */
export function displayNameFor(project: string, pythonVersion: string | null): string {
  const minor = pythonVersion ? /^(\d+\.\d+)/.exec(pythonVersion)?.[1] : undefined;
  const head = `Python ${minor ?? '3'} (`;
  const room = DISPLAY_NAME_MAX - head.length - 1;
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const clean = project.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || 'environment';
  const chars = [...clean];
  const shown = chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : clean;
  return `${head}${shown})`;
}
