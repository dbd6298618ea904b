import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
// The subpath, not the package: its main entry loads the whole AWS SDK, which this cache is to speed up.
import { writeFileAtomicSync } from '@studio-teams/core/files';

/**
 * V8's compiled code for the modules `sm-ssh proxy` loads, kept between runs. ssh waits for the proxy
 * at every connection (every scp, every VS Code reconnect), and loading the AWS SDK is most of that
 * wait; a third of the loading is compiling. Node 22 does this itself (`module.enableCompileCache`,
 * turned on in the bin); on Node 20 this does the same for CommonJS modules:
 *
 * - each module's cache is named by the SHA-256 of its path and source, so an edited file never meets
 *   an old cache, and V8 rejects a cache made by another V8 version or with other flags;
 * - the folder is private to the user (0700, in their own cache folder): code read from it is run;
 * - caches are written once the process is done (a cache made after running holds the functions that
 *   ran, not only the top level), each whole or not at all (core/src/files).
 *
 * Anything unusual (no folder, a rejected cache) only means compiling as usual.
 */

export interface CompileCacheStats {
  /** Modules compiled from their cache. */
  hits: number;
  /** Modules compiled from source; their cache is written at exit. */
  misses: number;
}

type CompileFn = (this: NodeJS.Module, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: CompileFn };
  wrap(source: string): string;
}

let installed: CompileCacheStats | undefined;

/** The folder for `env`'s user: $XDG_CACHE_HOME/sm-ssh, else ~/.cache/sm-ssh (%LOCALAPPDATA% on Windows). */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base =
    process.platform === 'win32' && env['LOCALAPPDATA']
      ? env['LOCALAPPDATA']
      : // The XDG rule: an empty or relative value is ignored.
        xdg && path.isAbsolute(xdg)
        ? xdg
        : path.join(env['HOME'] || os.homedir(), '.cache');
  return path.join(base, 'sm-ssh', `v8-${process.version}-${process.arch}`);
}

/**
 * Compiles CommonJS modules under `node_modules` and our `dist` folders through the cache in `dir`
 * from now on. Returns the counters, or undefined where it cannot be done (Node 22 and later cache by
 * themselves; an unusable folder). Installs once per process.
 */
export function installCompileCache(dir: string = compileCacheDir()): CompileCacheStats | undefined {
  if (installed) return installed;
  const nodeModule = Module as unknown as ModuleInternals & { enableCompileCache?: unknown };
  // Without this loader, a cached module's `import()` would throw; Node 22 has its own cache anyway.
  const dynamicImport: unknown = (vm.constants as unknown as Record<string, unknown> | undefined)?.[
    'USE_MAIN_CONTEXT_DEFAULT_LOADER'
  ];
  if (nodeModule.enableCompileCache || !dynamicImport || !privateFolder(dir)) return undefined;

  const stats: CompileCacheStats = { hits: 0, misses: 0 };
  const toWrite: { file: string; script: vm.Script }[] = [];
  const compile = nodeModule.prototype._compile;
  nodeModule.prototype._compile = function (this: NodeJS.Module, content: string, filename: string) {
    // A shebang (a bin) is Node's own business, and so is anything outside installed or built code.
    if (content.startsWith('#!') || !/[\\/](node_modules|dist)[\\/]/.test(filename)) {
      return compile.call(this, content, filename);
    }
    const file = path.join(dir, createHash('sha256').update(`${filename}\0${content}`).digest('hex'));
    const cachedData = readIfThere(file);
    const script = new vm.Script(nodeModule.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
      importModuleDynamically: dynamicImport as never,
    });
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else {
      stats.misses++;
      toWrite.push({ file, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { file, script } of toWrite) writeAtomic(file, script.createCachedData());
  });
  installed = stats;
  return stats;
}

/** Creates `dir` (0700) if needed; true only if it is a real folder owned by us that nobody else can write. */
function privateFolder(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, data: Buffer): void {
  try {
    // No fsync: a cache lost in a crash is only compiled again, and ssh waits for this process to end.
    writeFileAtomicSync(file, data, { mode: 0o600, fsync: false });
  } catch {
    // A cache not written is compiled again next time.
  }
}
