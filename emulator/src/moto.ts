import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository root, found from this file whether it runs from src/ (ts-jest) or dist/src/. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'requirements.txt')) && fs.existsSync(path.join(dir, 'package.json')))
      return dir;
  }
  throw new Error(`cannot find the repository root above ${start}`);
}

export const MOTO_BIN = path.join(REPO_ROOT, '.venv', 'bin', 'moto_server');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url` until it answers at all; fails early if the process behind it died. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch (err) {
      if (!isAlive()) throw new Error(`the server behind ${url} exited before answering`);
      if (Date.now() > deadline)
        throw new Error(`nothing answered on ${url} within ${timeoutMs} ms (${String(err)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface MotoOptions {
  port?: number;
  /** Appends moto's output here; discarded when absent. */
  logFile?: string;
  /** Survives the parent (for `npm run local:up`). */
  detached?: boolean;
  accountId?: string;
}

export interface RunningMoto {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts moto in server mode from the project venv on loopback and waits until it answers. */
export async function startMoto(opts: MotoOptions = {}): Promise<RunningMoto> {
  if (!fs.existsSync(MOTO_BIN)) {
    throw new Error(`moto is not installed (${MOTO_BIN} is missing): run \`npm run setup\` first`);
  }
  const port = opts.port ?? (await freePort());
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child: ChildProcess = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', out, out],
    detached: Boolean(opts.detached),
    env: { ...process.env, MOTO_ACCOUNT_ID: opts.accountId ?? '123456789012' },
  });
  if (typeof out === 'number') fs.closeSync(out);
  let alive = true;
  child.on('exit', () => (alive = false));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/moto-api/`, 30_000, () => alive);
  if (opts.detached) child.unref();
  return {
    url,
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!alive) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
