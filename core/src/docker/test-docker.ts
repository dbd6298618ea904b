import { DOCKER_BASTION_CONTEXT, type DockerTestResult } from '@studio-teams/schema';
import { EXIT, UserError } from '../errors';
import { type DockerContext, dockerEnvOf } from './context';
import { contextEndpoint, DOCKER_CLIENT_HINT, findDockerClient, runDocker, runFailure } from './docker-cli';
import { dockerSocketPath, pingDockerSocket } from './studio-access';

export const DEFAULT_TEST_TIMEOUT_MS = 45_000;

/** The Test button's command after `docker`: JSON out, so the engine's fields are read, not scraped. */
export function dockerTestArgs(target: { socketPath: string } | { context: string }): string[] {
  const where =
    'context' in target ? ['--context', target.context] : ['--host', `unix://${target.socketPath}`];
  return [...where, 'version', '--format', '{{json .}}'];
}

export class NothingToTest extends UserError {
  constructor(message: string) {
    super(message, EXIT.failure);
  }
}

/**
 * Runs `docker version` against the endpoint in use (Studio's engine when one answers, else the
 * context `sm-bastion`), with a timeout, and reports the engine or docker's own error text.
 */
export async function testDocker(ctx: DockerContext): Promise<DockerTestResult> {
  const docker = findDockerClient(ctx.env);
  if (!docker) throw new NothingToTest(`cannot test: ${DOCKER_CLIENT_HINT}`);
  const env = dockerEnvOf(ctx);
  const socketPath = dockerSocketPath(ctx.env, ctx.socketPath);
  let args: string[];
  if ((await pingDockerSocket(socketPath)) === null) args = dockerTestArgs({ socketPath });
  else if ((await contextEndpoint(docker, env)) !== null)
    args = dockerTestArgs({ context: DOCKER_BASTION_CONTEXT });
  else throw new NothingToTest('nothing to test yet: no Docker engine here and the bastion is not set up');
  const run = await runDocker(docker, args, env, ctx.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS);
  const engine = run.exitCode === 0 ? engineOf(run.stdout) : null;
  return {
    ok: engine !== null,
    command: ['docker', ...args],
    engine,
    error: engine ? null : run.exitCode === 0 ? 'docker printed no engine version' : runFailure(run),
    exitCode: run.exitCode,
    durationMs: run.durationMs,
  };
}

function engineOf(stdout: string): DockerTestResult['engine'] {
  try {
    const server = (JSON.parse(stdout) as { Server?: Record<string, unknown> | null }).Server;
    if (!server || typeof server['Version'] !== 'string') return null;
    const text = (key: string) => (typeof server[key] === 'string' ? (server[key] as string) : '');
    return { version: text('Version'), apiVersion: text('ApiVersion'), os: text('Os'), arch: text('Arch') };
  } catch {
    return null;
  }
}
