import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  KERNELSPEC_MARKER,
  type EnvironmentStatus,
  type KernelEnvironment,
  type KernelsStatus,
} from '@studio-teams/schema';
import { discoverEnvironments, originOf, type DiscoverOptions } from './discover';
import { inspectEnvironment, sitePackages, type EnvironmentFacts } from './environment';
import {
  EnvironmentBrokenError,
  EnvironmentNotFoundError,
  KernelExistsError,
  KernelNotFoundError,
  NoIpykernelError,
  NotManagedError,
} from './errors';
import { addDeclined, readDeclined, removeDeclined } from './declined';
import {
  copyLogos,
  environmentOfPython,
  kernelJsonText,
  listKernelSpecs,
  readKernelSpec,
  stagingFolder,
  summary,
  writeFileAtomic,
  type KernelJson,
  type KernelMarker,
  type KernelSpec,
} from './kernelspecs';
import { displayNameFor, kernelFolder, kernelNameFor, kernelsDir, type KernelsEnv } from './paths';

export type KernelsOptions = DiscoverOptions;

function statusOf(env: EnvironmentFacts, kernels: readonly string[]): EnvironmentStatus {
  if (!env.pythonExists) return 'broken';
  if (kernels.length > 0) return 'registered';
  return env.hasIpykernel ? 'ready' : 'needs-ipykernel';
}

/** The first free name from `base`: `base`, `base-2`, `base-3`, … */
function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const name = base.slice(0, 64 - suffix.length) + suffix;
    if (!taken.has(name)) return name;
  }
}

function describe(
  envs: readonly EnvironmentFacts[],
  specs: readonly KernelSpec[],
  folderNames: readonly string[] = [],
): KernelEnvironment[] {
  // Any entry of the kernels folder takes its name, kernel.json or not: registering under it is refused.
  const taken = new Set([...specs.map((s) => s.name), ...folderNames]);
  return envs.map((env) => {
    const kernels = specs.filter((s) => runsEnvironment(s, env)).map((s) => s.name);
    const suggestedName =
      kernels.length > 0 ? (kernels[0] as string) : freeName(kernelNameFor(env.name), taken);
    taken.add(suggestedName);
    return {
      ...env,
      status: statusOf(env, kernels),
      kernels,
      suggestedName,
      suggestedDisplayName: displayNameFor(env.name, env.pythonVersion),
    };
  });
}

/** A kernel runs an environment when its argv[0] is the environment's python (not a resolved symlink). */
function runsEnvironment(spec: KernelSpec, env: EnvironmentFacts): boolean {
  return environmentOfPython(path.normalize(spec.python)) === env.path;
}

/** Discovery and the kernels folder together: what the panel lists and `kernels.js list` prints. */
export async function kernelsStatus(options: KernelsOptions): Promise<KernelsStatus> {
  const dir = kernelsDir(options.env);
  const [discovery, specs, names] = await Promise.all([
    discoverEnvironments(options),
    listKernelSpecs(dir),
    fs.readdir(dir).catch(() => [] as string[]),
  ]);
  return {
    kernelsDir: dir,
    environments: describe(discovery.environments, specs, names),
    kernels: specs.map(summary),
    scan: { folders: discovery.folders, ms: Math.round(discovery.ms), truncated: discovery.truncated },
  };
}

/** The environment at `folder` as it is now, refusing what cannot run a kernel. */
export async function usableEnvironment(
  kernelsEnv: KernelsEnv,
  folder: string,
  { needIpykernel = true }: { needIpykernel?: boolean } = {},
): Promise<EnvironmentFacts> {
  if (!path.isAbsolute(folder)) throw new EnvironmentNotFoundError(folder);
  const resolved = path.normalize(folder);
  const env = await inspectEnvironment(resolved, originOf(kernelsEnv, resolved));
  if (env === null) throw new EnvironmentNotFoundError(folder);
  if (!env.pythonExists) throw new EnvironmentBrokenError(env.python);
  if (needIpykernel && !env.hasIpykernel) throw new NoIpykernelError(folder);
  return env;
}

export interface RegisterRequest {
  environment: string;
  name?: string | undefined;
  displayName?: string | undefined;
}

export interface Registered {
  name: string;
  displayName: string;
  folder: string;
}

/**
 * Writes `<kernels>/<name>/kernel.json` for an environment: staged in a folder beside the kernels
 * folder, then renamed into place, so Jupyter never lists a half-written kernel and a name taken
 * meanwhile is refused rather than overwritten.
 */
export async function registerKernel(env: KernelsEnv, request: RegisterRequest): Promise<Registered> {
  const dir = kernelsDir(env);
  const environment = await usableEnvironment(env, request.environment);
  const name = request.name ?? kernelNameFor(environment.name);
  const folder = kernelFolder(dir, name);
  const existing = await readKernelSpec(folder);
  if (existing || (await fs.stat(folder).catch(() => null))) {
    throw new KernelExistsError(name, existing?.python ?? null);
  }
  const displayName = request.displayName ?? displayNameFor(environment.name, environment.pythonVersion);
  const marker: KernelMarker = { environment: environment.path, kind: environment.kind };
  const json: KernelJson = {
    // The environment's own python (not the symlink's target), so sys.prefix is the environment.
    argv: [environment.python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
    display_name: displayName,
    language: 'python',
    metadata: { debugger: true, [KERNELSPEC_MARKER]: marker },
  };
  const staging = await stagingFolder(dir, name);
  try {
    await copyLogos(await sitePackages(environment.path, environment.pythonVersion), staging);
    await fs.writeFile(path.join(staging, 'kernel.json'), kernelJsonText(json), { mode: 0o644 });
    try {
      await fs.rename(staging, folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new KernelExistsError(name, null);
      throw error;
    }
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
  await removeDeclined(env, environment.path);
  return { name, displayName, folder };
}

async function managedSpec(env: KernelsEnv, name: string): Promise<KernelSpec> {
  const folder = kernelFolder(kernelsDir(env), name);
  const spec = await readKernelSpec(folder);
  if (spec === null) throw new KernelNotFoundError(name);
  if (!spec.managed) throw new NotManagedError(name);
  return spec;
}

/** Moves a kernel folder out of the kernels folder at once, then deletes it at leisure. */
async function removeFolder(kernels: string, folder: string): Promise<void> {
  const trash = await stagingFolder(kernels, 'removed');
  const target = path.join(trash, 'kernel');
  await fs.rename(folder, target);
  await fs.rm(trash, { recursive: true, force: true });
}

/**
 * Removes a kernel we registered. `decline` (the panel's Unregister) also remembers the
 * environment, so `sync` at the next app start does not register it again.
 */
export async function unregisterKernel(
  env: KernelsEnv,
  name: string,
  { decline = true }: { decline?: boolean } = {},
): Promise<{ name: string; environment: string | null }> {
  const spec = await managedSpec(env, name);
  await removeFolder(kernelsDir(env), spec.folder);
  if (decline && spec.environment) await addDeclined(env, spec.environment);
  return { name, environment: spec.environment };
}

export interface RenameRequest {
  name?: string | undefined;
  displayName?: string | undefined;
}

/** A new folder name, a new display name, or both; the kernel is never missing in between. */
export async function renameKernel(
  env: KernelsEnv,
  name: string,
  request: RenameRequest,
): Promise<{ name: string; displayName: string }> {
  const dir = kernelsDir(env);
  const spec = await managedSpec(env, name);
  let folder = spec.folder;
  const newName = request.name ?? name;
  if (newName !== name) {
    const target = kernelFolder(dir, newName);
    if (await fs.stat(target).catch(() => null)) {
      throw new KernelExistsError(newName, (await readKernelSpec(target))?.python ?? null);
    }
    // A folder made meanwhile (another tab, `jupyter kernelspec install`) is refused, not a 500.
    await fs.rename(folder, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST')
        throw new KernelExistsError(newName, (await readKernelSpec(target))?.python ?? null);
      if (error.code === 'ENOENT') throw new KernelNotFoundError(name);
      throw error;
    });
    folder = target;
  }
  const displayName = request.displayName ?? spec.displayName;
  if (displayName !== spec.displayName) {
    try {
      await writeFileAtomic(
        path.join(folder, 'kernel.json'),
        kernelJsonText({ ...spec.json, display_name: displayName }),
      );
    } catch (error) {
      // Put the folder back under its old name: the rename is all or nothing.
      if (folder !== spec.folder) await fs.rename(folder, spec.folder).catch(() => undefined);
      throw error;
    }
  }
  return { name: newName, displayName };
}

/** Removes the kernels we registered whose interpreter is gone; others' kernels are left alone. */
export async function removeStaleKernels(env: KernelsEnv): Promise<string[]> {
  const dir = kernelsDir(env);
  const stale = (await listKernelSpecs(dir)).filter((s) => s.managed && !s.pythonExists);
  for (const spec of stale) await removeFolder(dir, spec.folder);
  return stale.map((s) => s.name);
}

export interface SyncResult {
  registered: Registered[];
  removed: string[];
  /** Environments that could have a kernel but were unregistered on purpose. */
  declined: string[];
  /** Environments without ipykernel: listed, not registered. */
  needIpykernel: string[];
  failed: { environment: string; message: string }[];
  status: KernelsStatus;
}

/**
 * What app start runs: remove our stale kernels, then register every environment that has
 * ipykernel and no kernel yet, unless the user unregistered it on purpose.
 */
export async function syncKernels(options: KernelsOptions): Promise<SyncResult> {
  const removed = await removeStaleKernels(options.env);
  const before = await kernelsStatus(options);
  const declinedSet = await readDeclined(options.env);
  const registered: Registered[] = [];
  const failed: SyncResult['failed'] = [];
  const declined: string[] = [];
  for (const e of before.environments) {
    if (e.status !== 'ready') continue;
    if (declinedSet.has(e.path)) {
      declined.push(e.path);
      continue;
    }
    try {
      registered.push(await registerKernel(options.env, { environment: e.path, name: e.suggestedName }));
    } catch (error) {
      failed.push({ environment: e.path, message: (error as Error).message });
    }
  }
  return {
    registered,
    removed,
    declined,
    needIpykernel: before.environments.filter((e) => e.status === 'needs-ipykernel').map((e) => e.path),
    failed,
    status: registered.length > 0 || removed.length > 0 ? await kernelsStatus(options) : before,
  };
}
