import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOCKER_BASTION_CONTEXT, DOCKER_BASTION_HOST } from '@studio-teams/schema';
import { UserError } from '../errors';

/**
 * The docker client, run as a program: the context commands of the setup and the `docker version`
 * of the Test button. Output is captured, never inherited, and every run has a timeout.
 */

export interface DockerRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it did not start (ENOENT…). */
  spawnError: string | null;
  durationMs: number;
}

/** `docker` on PATH (from the env given), or null when it is not installed. */
export function findDockerClient(env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'docker');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export const DOCKER_CLIENT_HINT =
  'the docker client is not installed in this container: install it in a terminal ' +
  '(`sudo apt-get install -y docker.io`, or `conda install -c conda-forge docker-cli`), then reload';

/**
 * The environment docker runs in: the container's, minus DOCKER_HOST and DOCKER_CONTEXT, which would
 * override the context named on the command line or chosen by `docker context use`.
 */
export function dockerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  delete out.DOCKER_HOST;
  delete out.DOCKER_CONTEXT;
  return out;
}

export function runDocker(
  docker: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<DockerRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(
      docker,
      args,
      { env: dockerEnv(env), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const spawnError = err && typeof err.code === 'string' ? err.code : null;
        resolve({
          exitCode: spawnError ? null : (child.exitCode ?? null),
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: Boolean(err?.killed) && child.exitCode === null,
          spawnError,
          durationMs: Date.now() - started,
        });
      },
    );
    // docker reads nothing from us; an inherited stdin would let ssh ask for a password there.
    child.stdin?.end();
  });
}

/** The endpoint the context and DOCKER_HOST name: ssh through the `Host sm-bastion` block. */
export const bastionDockerHost = (user: string): string => `ssh://${user}@${DOCKER_BASTION_HOST}`;

const CONTEXT_TIMEOUT_MS = 15_000;

/** The context's docker endpoint, or null when there is no such context. */
export async function contextEndpoint(docker: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const run = await runDocker(
    docker,
    ['context', 'inspect', DOCKER_BASTION_CONTEXT, '--format', '{{.Endpoints.docker.Host}}'],
    env,
    CONTEXT_TIMEOUT_MS,
  );
  return run.exitCode === 0 ? run.stdout.trim() : null;
}

/** The current context's name, as `docker context show` prints it. */
export async function currentContext(docker: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const run = await runDocker(docker, ['context', 'show'], env, CONTEXT_TIMEOUT_MS);
  return run.exitCode === 0 ? run.stdout.trim() : null;
}

/**
 * Creates the context `sm-bastion` (or points the existing one at `host`), then makes it current:
 * `docker context create`, the ecosystem's convention, rather than editing docker's files.
 */
export async function createBastionContext(
  docker: string,
  env: NodeJS.ProcessEnv,
  host: string,
): Promise<void> {
  const exists = (await contextEndpoint(docker, env)) !== null;
  const description = 'Team bastion through SSM (Studio for Teams)';
  const write = await runDocker(
    docker,
    [
      'context',
      exists ? 'update' : 'create',
      DOCKER_BASTION_CONTEXT,
      '--description',
      description,
      '--docker',
      `host=${host}`,
    ],
    env,
    CONTEXT_TIMEOUT_MS,
  );
  failUnless(write, `docker context ${exists ? 'update' : 'create'} ${DOCKER_BASTION_CONTEXT}`);
  const use = await runDocker(docker, ['context', 'use', DOCKER_BASTION_CONTEXT], env, CONTEXT_TIMEOUT_MS);
  failUnless(use, `docker context use ${DOCKER_BASTION_CONTEXT}`);
}

function failUnless(run: DockerRun, what: string): void {
  if (run.exitCode === 0) return;
  throw new UserError(`${what} failed: ${runFailure(run)}`);
}

/** docker's own words for a failed run, or why it did not finish. */
export function runFailure(run: DockerRun): string {
  if (run.spawnError) return `the docker client could not be started (${run.spawnError})`;
  if (run.timedOut) return `no answer within ${Math.round(run.durationMs / 1000)} s (stopped)`;
  const text = lastLines(run.stderr) || lastLines(run.stdout);
  return text || `docker exited with code ${run.exitCode}`;
}

/** The end of a program's output, where the error is: at most 20 lines, 4000 characters. */
function lastLines(text: string): string {
  const lines = text.replace(/\r/g, '').trim().split('\n').slice(-20).join('\n');
  return lines.length > 4000 ? `…${lines.slice(-4000)}` : lines;
}
