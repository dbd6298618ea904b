import { spawn, type ChildProcess } from 'node:child_process';

export interface ShellResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface ShellRun {
  child: ChildProcess;
  done: Promise<ShellResult>;
  kill(): void;
}

/**
 * Runs a script with `bash -c` in its own process group, so a timeout kills everything it started.
 * Keeps only the first `keep` characters of each stream: AWS reports the first 24,000 of stdout and
 * 8,000 of stderr, and a runaway command must not fill the emulator's memory.
 */
export function runShell(
  script: string,
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    keep: { stdout: number; stderr: number };
  },
): ShellRun {
  const child = spawn('bash', ['-c', script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const collect = (stream: NodeJS.ReadableStream | null, limit: number): (() => string) => {
    let text = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      if (text.length < limit) text += chunk.slice(0, limit - text.length);
    });
    return () => text;
  };
  const stdout = collect(child.stdout, options.keep.stdout);
  const stderr = collect(child.stderr, options.keep.stderr);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  timer.unref();
  const done = new Promise<ShellResult>((resolve) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, timedOut: false, stdout: stdout(), stderr: `${stderr()}${err.message}\n` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, stdout: stdout(), stderr: stderr() });
    });
  });
  return { child, done, kill };
}
