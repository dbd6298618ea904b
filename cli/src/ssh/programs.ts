import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** The program's full path when it is on PATH (with Windows' PATHEXT), else undefined. */
export function findOnPath(
  name: string,
  env: Env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * Runs a program on the user's terminal (ssh, ssh-keygen, code) and resolves with its exit code;
 * killed by a signal, it is 128 + the signal's number, as a shell reports it.
 */
export function runOnTerminal(file: string, args: string[], env: Env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== null) return resolve(code);
      resolve(128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
    });
  });
}

/** Runs a program quietly and returns what it printed (for `ssh-keygen -y`, `ssh -G`). */
export function runCaptured(
  file: string,
  args: string[],
  env: Env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
