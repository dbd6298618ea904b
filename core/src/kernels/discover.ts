import { readdir, promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { environmentMarker, inspectEnvironment, type EnvironmentFacts, type Origin } from './environment';
import { homeOf, type KernelsEnv } from './paths';

export interface DiscoverOptions {
  env: KernelsEnv;
  /** How many folders below the home a project's `.venv` may sit (`~/a/b/c/.venv` is 3). @default 4 */
  maxDepth?: number;
  /** Folders read at most: a home of a million files must not stall the panel. @default 50000 */
  maxFolders?: number;
  /** readdir calls in flight. @default 32 */
  concurrency?: number;
}

export interface Discovery {
  environments: EnvironmentFacts[];
  folders: number;
  truncated: boolean;
  ms: number;
}

/** Never worth descending into: huge, and never holding a project's environment. */
const SKIPPED = new Set(['node_modules', '__pycache__', 'site-packages', 'dist-packages', 'lost+found']);
/** Hidden, so skipped like every hidden folder, except these names of project environments. */
const ENV_FOLDER_NAMES = new Set(['.venv', 'venv']);

/** Where tools keep environments outside projects, each child folder one environment. */
function environmentRoots(env: KernelsEnv): { dir: string; origin: Origin }[] {
  const home = homeOf(env);
  const split = (v: string | undefined): string[] => (v ? v.split(path.delimiter).filter(Boolean) : []);
  return [
    { dir: env.WORKON_HOME || path.join(home, '.local', 'share', 'virtualenvs'), origin: 'pipenv' as const },
    {
      dir: env.POETRY_VIRTUALENVS_PATH || path.join(home, '.cache', 'pypoetry', 'virtualenvs'),
      origin: 'poetry' as const,
    },
    ...[
      ...split(env.CONDA_ENVS_PATH),
      ...split(env.CONDA_ENVS_DIRS),
      path.join(home, '.conda', 'envs'),
      ...['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge'].map((d) => path.join(home, d, 'envs')),
    ].map((dir) => ({ dir, origin: 'conda' as const })),
  ];
}

/**
 * readdir with its callback: noticeably cheaper than fs.promises' per call, which matters over
 * tens of thousands of folders. Null when the folder cannot be read.
 */
function listFolder(dir: string): Promise<Dirent[] | null> {
  return new Promise((resolve) =>
    readdir(dir, { withFileTypes: true }, (error, entries) => resolve(error ? null : entries)),
  );
}

/** How a folder named in a request was found, as discovery would have found it. */
export function originOf(env: KernelsEnv, folder: string): Origin {
  const parent = path.dirname(folder);
  return environmentRoots(env).find((r) => path.resolve(r.dir) === parent)?.origin ?? 'project';
}

/**
 * conda lists every environment it created in `~/.conda/environments.txt`, wherever it lives. Only
 * named environments (`…/envs/<name>`) count: the list also holds base installs such as /opt/conda,
 * whose Python runs Jupyter itself and has its kernel already.
 */
async function condaListed(env: KernelsEnv): Promise<string[]> {
  const text = await fs
    .readFile(path.join(homeOf(env), '.conda', 'environments.txt'), 'utf8')
    .catch(() => '');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => path.isAbsolute(l) && path.basename(path.dirname(l)) === 'envs');
}

/**
 * Finds the Python environments of a home: the pipenv, poetry and conda folders, conda's list, and a
 * breadth-first walk of the home for project environments (any folder holding `pyvenv.cfg` or
 * `conda-meta`), to `maxDepth`, skipping hidden folders (but `.venv`), `node_modules` and symlinks
 * (no loops). Every folder is read once, `concurrency` at a time, within `maxFolders`.
 */
export async function discoverEnvironments(options: DiscoverOptions): Promise<Discovery> {
  const started = performance.now();
  const maxDepth = options.maxDepth ?? 4;
  const maxFolders = options.maxFolders ?? 50_000;
  const concurrency = options.concurrency ?? 32;
  const home = path.resolve(homeOf(options.env));

  const found = new Map<string, Promise<EnvironmentFacts | null>>();
  const consider = (folder: string, origin: Origin, marker?: 'venv' | 'conda' | null): void => {
    if (!found.has(folder)) found.set(folder, inspectEnvironment(folder, origin, marker));
  };

  let folders = 0;
  let truncated = false;
  interface Job {
    dir: string;
    depth: number;
    origin: Origin;
    /** A root's children are environments to inspect, not folders to walk. */
    root: boolean;
  }
  const queue: Job[] = [{ dir: home, depth: 0, origin: 'project', root: false }];
  for (const root of environmentRoots(options.env)) queue.push({ ...root, depth: 0, root: true });
  for (const listed of await condaListed(options.env)) consider(listed, 'conda');

  const visit = async (job: Job): Promise<void> => {
    const entries = await listFolder(job.dir);
    if (entries === null) return; // Gone, unreadable or not a folder: nothing to find there.
    if (job.root) {
      for (const e of entries) if (e.isDirectory()) consider(path.join(job.dir, e.name), job.origin);
      return;
    }
    const marker = environmentMarker(entries.map((e) => e.name));
    if (marker !== null && job.depth > 0) {
      consider(job.dir, job.origin, marker);
      return; // An environment's own folders hold no projects.
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const envName = ENV_FOLDER_NAMES.has(e.name);
      if (!envName && (e.name.startsWith('.') || SKIPPED.has(e.name))) continue;
      // A `.venv` one level past the depth still counts: it belongs to a project within it.
      if (job.depth + 1 > maxDepth && !(envName && job.depth + 1 === maxDepth + 1)) continue;
      // Concatenation, not path.join: names from readdir hold no separators, and this runs per folder.
      queue.push({
        dir: `${job.dir}${path.sep}${e.name}`,
        depth: job.depth + 1,
        origin: 'project',
        root: false,
      });
    }
  };

  await new Promise<void>((resolve, reject) => {
    let running = 0;
    // An index rather than shift(): shifting a 20,000-long array each time would be quadratic.
    let next = 0;
    const pump = (): void => {
      while (running < concurrency && next < queue.length) {
        if (folders >= maxFolders) {
          truncated = true;
          next = queue.length;
          break;
        }
        const job = queue[next++] as Job;
        folders++;
        running++;
        visit(job).then(() => {
          running--;
          pump();
        }, reject);
      }
      if (running === 0 && next >= queue.length) resolve();
    };
    pump();
  });

  const environments = (await Promise.all(found.values())).filter((e): e is EnvironmentFacts => e !== null);
  environments.sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
  return { environments, folders, truncated, ms: performance.now() - started };
}
