import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EnvironmentKind } from '@studio-teams/schema';

/**
 * What one environment folder is, read from its files only: starting Python per environment would
 * cost ~30 ms each and run code from the user's folders just to list them.
 */
export interface EnvironmentFacts {
  path: string;
  name: string;
  kind: EnvironmentKind;
  pythonVersion: string | null;
  python: string;
  pythonExists: boolean;
  hasIpykernel: boolean;
}

/** Where the folder was found, which decides its kind and project name when its files do not. */
export type Origin = 'pipenv' | 'poetry' | 'conda' | 'project';

/** The markers of an environment among a folder's entries; null when it is not one. */
export function environmentMarker(entries: Iterable<string>): 'venv' | 'conda' | null {
  let conda = false;
  for (const entry of entries) {
    if (entry === 'pyvenv.cfg') return 'venv';
    if (entry === 'conda-meta') conda = true;
  }
  return conda ? 'conda' : null;
}

/** pipenv names its virtualenvs `<project>-<8 characters of a hash>`; the original kernel name is `<project>`. */
const PIPENV_FOLDER = /^(.+)-[A-Za-z0-9_-]{8}$/;
/** poetry: `<project>-<8 characters>-py<major.minor>`. */
const POETRY_FOLDER = /^(.+)-[A-Za-z0-9_-]{8}-py\d+\.\d+$/;

export function projectName(folder: string, origin: Origin): string {
  const base = path.basename(folder);
  if (origin === 'pipenv') return PIPENV_FOLDER.exec(base)?.[1] ?? base;
  if (origin === 'poetry') return POETRY_FOLDER.exec(base)?.[1] ?? base;
  // A project's `.venv` or `venv` is named after the project folder; any other venv after itself.
  if (origin === 'project' && (base === '.venv' || base === 'venv'))
    return path.basename(path.dirname(folder));
  return base;
}

/** `key = value` lines of pyvenv.cfg. */
export function parsePyvenvCfg(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return values;
}

const exists = async (file: string): Promise<boolean> =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** The interpreter a kernel runs: `bin/python`, else `bin/python3`; `stat` follows the symlink to the base. */
async function interpreter(folder: string): Promise<{ python: string; exists: boolean }> {
  const python = path.join(folder, 'bin', 'python');
  if (await exists(python)) return { python, exists: true };
  const python3 = path.join(folder, 'bin', 'python3');
  if (await exists(python3)) return { python: python3, exists: true };
  return { python, exists: false };
}

/** `lib/python3.X/site-packages`, from the version when known, else whatever `lib` holds. */
export async function sitePackages(folder: string, version: string | null): Promise<string[]> {
  const minor = version ? /^(\d+\.\d+)/.exec(version)?.[1] : undefined;
  if (minor) return [path.join(folder, 'lib', `python${minor}`, 'site-packages')];
  const lib = await fs.readdir(path.join(folder, 'lib')).catch(() => [] as string[]);
  return lib
    .filter((e) => /^python\d+\.\d+$/.test(e))
    .map((e) => path.join(folder, 'lib', e, 'site-packages'));
}

async function ipykernelIn(sites: readonly string[]): Promise<boolean> {
  for (const site of sites) if (await exists(path.join(site, 'ipykernel', '__init__.py'))) return true;
  return false;
}

async function kindOfVenv(
  folder: string,
  cfg: Map<string, string>,
  origin: Origin,
): Promise<EnvironmentKind> {
  if (origin === 'pipenv' || origin === 'poetry') return origin;
  // uv writes its own version into pyvenv.cfg.
  if (cfg.has('uv')) return 'uv';
  const project = path.dirname(folder);
  if (await exists(path.join(project, 'poetry.lock'))) return 'poetry';
  if (await exists(path.join(project, 'Pipfile'))) return 'pipenv';
  if (await exists(path.join(project, 'uv.lock'))) return 'uv';
  return 'venv';
}

/** conda records each package as `conda-meta/<name>-<version>-<build>.json`. */
async function condaPackages(folder: string): Promise<{ python: string | null; ipykernel: boolean }> {
  const entries = await fs.readdir(path.join(folder, 'conda-meta')).catch(() => [] as string[]);
  let python: string | null = null;
  let ipykernel = false;
  for (const entry of entries) {
    const m = /^python-(\d+\.\d+(?:\.\d+)?)-[^-]+\.json$/.exec(entry);
    if (m) python = m[1] ?? null;
    if (/^ipykernel-\d[^-]*-[^-]+\.json$/.test(entry)) ipykernel = true;
  }
  return { python, ipykernel };
}

/**
 * Reads one environment. `marker` is what the caller already saw among its entries (saving a
 * readdir); without it the folder is looked at afresh, as actions do just before they act.
 * Null when the folder is not (or no longer) an environment.
 */
export async function inspectEnvironment(
  folder: string,
  origin: Origin,
  marker?: 'venv' | 'conda' | null,
): Promise<EnvironmentFacts | null> {
  const found = marker ?? environmentMarker(await fs.readdir(folder).catch(() => [] as string[]));
  if (found === null) return null;
  const name = projectName(folder, origin);
  const { python, exists: pythonExists } = await interpreter(folder);
  if (found === 'conda') {
    const packages = await condaPackages(folder);
    const hasIpykernel =
      packages.ipykernel || (await ipykernelIn(await sitePackages(folder, packages.python)));
    return {
      path: folder,
      name,
      kind: 'conda',
      pythonVersion: packages.python,
      python,
      pythonExists,
      hasIpykernel,
    };
  }
  const text = await fs.readFile(path.join(folder, 'pyvenv.cfg'), 'utf8').catch(() => null);
  if (text === null) return null;
  const cfg = parsePyvenvCfg(text);
  // venv writes `version`, virtualenv and uv `version_info` (3.12.1 or 3.12.1.final.0).
  const rawVersion = cfg.get('version') ?? cfg.get('version_info') ?? null;
  const pythonVersion = rawVersion ? (/^\d+\.\d+(?:\.\d+)?/.exec(rawVersion)?.[0] ?? null) : null;
  return {
    path: folder,
    name,
    kind: await kindOfVenv(folder, cfg, origin),
    pythonVersion,
    python,
    pythonExists,
    hasIpykernel: await ipykernelIn(await sitePackages(folder, pythonVersion)),
  };
}
