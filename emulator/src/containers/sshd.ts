import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { freePort } from '../moto';
import { loginScript, sshdConfig, type ContainerPaths } from './sshd-config';

/** A container's sshd, listening on a loopback port, running as the user who runs the emulator. */
export interface RunningSshd {
  port: number;
  pid: number;
  /** Resolves when the process has exited, whoever stopped it. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;
/** A port freePort() found free may be taken again before sshd binds it; then another is tried. */
const PORT_ATTEMPTS = 4;

export async function startSshd(options: {
  name: string;
  paths: ContainerPaths;
  user: string;
  sshd: string;
  sftpServer: string | undefined;
}): Promise<RunningSshd> {
  const { name, paths } = options;
  mkdirSync(paths.home, { recursive: true });
  mkdirSync(paths.system, { recursive: true, mode: 0o700 });
  await ensureHostKey(paths.hostKey, name);
  ensurePrivilegeSeparationDir();
  if (options.sftpServer) writeAtomically(paths.login, loginScript(paths.home, options.sftpServer), 0o755);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const config = sshdConfig({ name, paths, port, user: options.user, forceLogin: !!options.sftpServer });
    writeAtomically(paths.config, config, 0o600);
    try {
      return await launch(options.sshd, paths, port, name);
    } catch (err) {
      lastError = err as Error;
      if (!(err instanceof PortTaken)) throw err;
    }
  }
  throw lastError ?? new Error(`sshd for container ${name} did not start`);
}

class PortTaken extends Error {}

async function launch(sshd: string, paths: ContainerPaths, port: number, name: string): Promise<RunningSshd> {
  const logStart = existsSync(paths.log) ? statSync(paths.log).size : 0;
  // -D: stay in the foreground, our child; -E: log to the sandbox, not syslog.
  const child = spawn(sshd, ['-D', '-f', paths.config, '-E', paths.log], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  let gone = false;
  void exited.then(() => {
    gone = true;
    live.delete(child);
  });
  live.add(child);
  watchForExit();

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const log = readFrom(paths.log, logStart);
    if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) break;
    if (gone) {
      if (spawnError) throw new Error(`cannot run ${sshd}: ${spawnError.message}`);
      if (/Address already in use|Cannot bind any address/.test(log))
        throw new PortTaken(`port ${port} is taken`);
      throw new Error(`sshd of container ${name} exited at start: ${lastLines(log)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `sshd of container ${name} did not listen within ${STARTUP_TIMEOUT_MS} ms: ${lastLines(log)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    pid: child.pid ?? -1,
    exited,
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Generated once and kept with the container's home, so reconnecting never meets a new host key. */
async function ensureHostKey(file: string, name: string): Promise<void> {
  if (existsSync(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  await promisify(execFile)('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    `studio-emulator-${name}`,
    '-f',
    tmp,
  ]);
  renameSync(`${tmp}.pub`, `${file}.pub`);
  renameSync(tmp, file);
}

/**
 * sshd started by root insists on its privilege-separation directory (compiled in as /run/sshd on
 * Debian), which the package's service unit normally creates.
 */
function ensurePrivilegeSeparationDir(): void {
  if (process.getuid?.() !== 0) return;
  for (const dir of ['/run/sshd', '/var/run/sshd']) {
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o755 });
      return;
    } catch {
      // try the next; sshd names the one it wants if none works
    }
  }
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

function readFrom(file: string, offset: number): string {
  if (!existsSync(file)) return '';
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    if (size <= offset) return '';
    const buffer = Buffer.alloc(Math.min(size - offset, 64 * 1024));
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const lastLines = (log: string): string => log.trim().split('\n').slice(-3).join(' / ') || '(nothing logged)';

/**
 * sshd processes still running when the emulator's process exits without closing it (a crash, a
 * test runner that kills its workers) would outlive it on their ports; kill them on the way out.
 */
const live = new Set<ChildProcess>();
let watching = false;
function watchForExit(): void {
  if (watching) return;
  watching = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGTERM');
  });
}
