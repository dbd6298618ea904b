import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './moto';

/**
 * Bundles a TypeScript entry of this repository into one CommonJS file for Node 20, the workspace
 * packages taken from their sources as jest takes them: a program a test starts (a ProxyCommand, a
 * worker thread), which jest's transform never sees, then runs the code under test and never a stale
 * build. Returns `outfile`.
 */
export async function bundleFromSources(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    // ws's optional native helpers: used where installed, never bundled (ws falls back without them).
    external: ['bufferutil', 'utf-8-validate'],
    alias: {
      '@studio-teams/core': path.join(REPO_ROOT, 'core', 'src'),
      '@studio-teams/schema': path.join(REPO_ROOT, 'schema', 'src'),
    },
    outfile,
  });
  return outfile;
}
