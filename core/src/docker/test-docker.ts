import { DOCKER_BASTION_CONTEXT, type DockerTestResult } from '@studio-teams/schema';
import { EXIT, UserError } from '../errors';
import { type DockerContext, dockerEnvOf } from './context';
import { contextEndpoint, DOCKER_CLIENT_HINT, findDockerClient, runDocker, runFailure } from './docker-cli';
import { studioAccessOf } from './studio-access';

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
 * Runs `docker version` against the endpoint in use (Studio's engine when it is available, else the
 * context `sm-bastion`), with a timeout, and reports the engine or docker's own error text.
 */
export async function testDocker(ctx: DockerContext): Promise<DockerTestResult> {
  const docker = findDockerClient(ctx.env);
  if (!docker) throw new NothingToTest(`cannot test: ${DOCKER_CLIENT_HINT}`);
  const env = dockerEnvOf(ctx);
  const studio = await studioAccessOf(ctx);
  let args: string[];
  if (studio.available) args = dockerTestArgs({ socketPath: studio.socketPath });
  else if ((await contextEndpoint(docker, env)) !== null)
    args = dockerTestArgs({ context: DOCKER_BASTION_CONTEXT });
  else throw new NothingToTest('nothing to test yet: no Docker engine here and the bastion is not set up');
  const run = await runDocker(docker, args, env, ctx.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS);
  const engine = run.exitCode === 0 ? engineOf(run.stdout) : null;
  const error = engine ? null : run.exitCode === 0 ? 'docker printed no engine version' : runFailure(run);
  return {
    ok: engine !== null,
    command: ['docker', ...args],
    engine,
    error,
    hint: error === null ? null : failureHint(error, run.timedOut),
    exitCode: run.exitCode,
    durationMs: run.durationMs,
  };
}

/**
 * Known failures in plain words, beside docker's own. docker names an ssh endpoint
 * `http://docker.example.com`: "cannot connect" to it means ssh got through and the remote
 * `docker system dial-stdio` found no engine; ssh's own failures come with its stderr.
 */
export function failureHint(error: string, timedOut: boolean): string | null {
  if (timedOut)
    return 'docker got no answer in time: the SSM session or the engine is slow or stuck; try again, or run the command in a terminal to watch it';
  if (/Cannot connect to the Docker daemon at http:\/\/docker\.example\.com/.test(error))
    return 'ssh reached the bastion, but its Docker engine did not answer: ask your Studio admin whether Docker runs there (`systemctl status docker`)';
  if (/Could not resolve hostname sm-bastion/.test(error))
    return 'ssh does not know sm-bastion: the block in ~/.ssh/config is missing; press Set up bastion again';
  if (/Permission denied \(publickey/.test(error))
    return "the bastion refused the key: it may have been rotated; press Set up bastion again to fetch the secret's current key";
  if (/ssm-proxy: /.test(error))
    return 'the SSM session to the bastion could not be opened: is the instance running, and may your role start sessions (ssm:StartSession)?';
  if (/Cannot connect to the Docker daemon at unix:/.test(error))
    return "no engine answers on Studio's Docker socket: restart the app, or ask your Studio admin";
  return null;
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
