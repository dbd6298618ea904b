import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type * as Esbuild from 'esbuild';
import { REPO_ROOT, sshTestSeed, type SshTestSeed } from '@studio-teams/emulator';
import type { SshCliIo } from '../../src/ssh/io';
import { runSsh } from '../../src/ssh/run';

/** Helpers of the sm-ssh tests: the bin as ssh runs it, the CLI in-process, people of their own. */

/**
 * `sm-ssh` bundled from the sources with esbuild (the workspaces resolved to their `src/`, as jest
 * does), so the ProxyCommand that ssh runs is the code under test and never a stale build. It is
 * written under the repository's node_modules so that its own dependencies resolve as installed.
 */
export function bundleSmSsh(): { script: string; remove: () => void } {
  const dir = path.join(REPO_ROOT, 'node_modules', '.cache', `sm-ssh-test-${randomBytes(4).toString('hex')}`);
  const script = path.join(dir, 'sm-ssh.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev tool, loaded only here
  const esbuild = require('esbuild') as typeof Esbuild;
  esbuild.buildSync({
    entryPoints: [path.join(REPO_ROOT, 'cli', 'src', 'bin', 'sm-ssh.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: script,
    // A workspace is its src folder: `@studio-teams/core` is its index.ts, a subpath export
    // (`@studio-teams/core/ssh-proxy`) the file of that name, as jest maps them.
    alias: Object.fromEntries(
      ['core', 'schema', 'emulator'].map((p) => [`@studio-teams/${p}`, path.join(REPO_ROOT, p, 'src')]),
    ),
    packages: 'external',
    logLevel: 'error',
  });
  return { script, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The sm-ssh tests' people and spaces (emulator's sshTestSeed), named apart from the emulator's tests. */
export const sshSeed = (): SshTestSeed => sshTestSeed('cli');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** sm-ssh in-process with captured streams (commands that hand the terminal to ssh run as a process). */
export async function runSshCli(
  argv: string[],
  opts: {
    env: Record<string, string | undefined>;
    self?: SshCliIo['self'];
    isTTY?: boolean;
    input?: string;
    stdoutStream?: SshCliIo['stdoutStream'];
  },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  if (opts.input !== undefined) stdin.end(opts.input);
  const io: SshCliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: opts.env,
    isTTY: opts.isTTY ?? false,
    ...(opts.self ? { self: opts.self } : {}),
    ...(opts.stdoutStream ? { stdoutStream: opts.stdoutStream } : {}),
  };
  const code = await runSsh(argv, io);
  return { code, stdout, stderr };
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/**
 * A program with pipes for stdio (so nothing reaches jest's terminal), killed after `timeoutMs`.
 * `onStderr` sees stderr as it comes (to wait for a line before signalling the process).
 */
export function runProcess(
  file: string,
  args: string[],
  opts: {
    env: Record<string, string | undefined>;
    input?: Buffer | string;
    timeoutMs?: number;
    onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
    onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
  },
): Promise<ProcessRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      opts.onStdout?.(Buffer.concat(out).toString(), child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      opts.onStderr?.(err, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, ms: Date.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}
