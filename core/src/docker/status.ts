import {
  DOCKER_BASTION_CONTEXT,
  type DockerAction,
  type DockerBastion,
  type DockerStatus,
} from '@studio-teams/schema';
import { UserError } from '../errors';
import { bastionSshConfigured, bastionSshPaths, renderBastionSection } from './bastion-ssh';
import { type BastionConnection, BastionSecretError, readBastionConnection } from './connection-secret';
import { type DockerContext, dockerEnvOf, secretNameOf } from './context';
import {
  bastionDockerHost,
  contextEndpoint,
  currentContext,
  DOCKER_CLIENT_HINT,
  findDockerClient,
} from './docker-cli';
import { profileDockerHost } from './profile';
import { studioAccessOf } from './studio-access';

/** The secret, or why it cannot be used; never thrown, since the status reports it. */
export async function bastionSecretState(
  ctx: DockerContext,
): Promise<{ connection: BastionConnection | null; state: DockerBastion['secret']; message: string }> {
  const name = secretNameOf(ctx);
  try {
    const connection = await readBastionConnection(ctx.clients.secretsManager, name);
    return {
      connection,
      state: 'ok',
      message: `the secret ${name} names the bastion ${connection.instanceId}`,
    };
  } catch (err) {
    if (err instanceof BastionSecretError)
      return { connection: null, state: err.problem, message: err.message };
    throw err;
  }
}

async function bastionState(ctx: DockerContext, docker: string | null): Promise<DockerBastion> {
  const env = dockerEnvOf(ctx);
  const [secret, endpoint, current] = await Promise.all([
    bastionSecretState(ctx),
    docker ? contextEndpoint(docker, env) : Promise.resolve(null),
    docker ? currentContext(docker, env) : Promise.resolve(null),
  ]);
  const dockerHost = secret.connection ? bastionDockerHost(secret.connection.user) : null;
  const paths = bastionSshPaths(ctx.home);
  const { connection } = secret;
  let section: string | null = null;
  try {
    if (connection && ctx.proxy)
      section = renderBastionSection({ connection, paths, proxy: ctx.proxy, region: ctx.region });
  } catch (err) {
    // A home or region that cannot go into an ssh config: not set up; setup says why.
    if (!(err instanceof UserError)) throw err;
  }
  const sshConfigured =
    connection && ctx.proxy && section === null
      ? false
      : bastionSshConfigured(
          paths,
          connection && section !== null ? { section, privateKey: connection.privateKey } : undefined,
        );
  // A context or DOCKER_HOST left from another bastion user counts as not set up.
  const contextExists = endpoint !== null && (dockerHost === null || endpoint === dockerHost);
  const contextCurrent = contextExists && current === DOCKER_BASTION_CONTEXT;
  const profileHost = profileDockerHost(ctx.home);
  const profileConfigured = profileHost !== undefined && (dockerHost === null || profileHost === dockerHost);
  return {
    secretName: secretNameOf(ctx),
    secret: secret.state,
    secretMessage: secret.message,
    instanceId: secret.connection?.instanceId ?? null,
    dockerHost: dockerHost ?? endpoint,
    sshConfigured,
    contextExists,
    contextCurrent,
    profileConfigured,
    configured: sshConfigured && contextCurrent && profileConfigured,
  };
}

/** `GET /api/docker`: what is possible here, what is set up, and what the panel may offer. */
export async function dockerStatus(ctx: DockerContext): Promise<DockerStatus> {
  const docker = findDockerClient(ctx.env);
  const [studio, bastion] = await Promise.all([studioAccessOf(ctx), bastionState(ctx, docker)]);
  const mode = studio.available ? 'studio' : bastion.configured ? 'bastion' : 'none';
  const actions: DockerAction[] = [];
  const canSetUp = !studio.available && docker !== null && ctx.proxy !== null && bastion.secret === 'ok';
  if (canSetUp) actions.push('setup-bastion');
  if (docker !== null && (mode === 'studio' || bastion.contextExists)) actions.push('test');
  return {
    mode,
    message: messageFor(mode, studio, bastion, docker, ctx),
    dockerClient: docker,
    dockerClientHint: docker ? null : DOCKER_CLIENT_HINT,
    studio,
    bastion,
    actions,
  };
}

function messageFor(
  mode: DockerStatus['mode'],
  studio: DockerStatus['studio'],
  bastion: DockerBastion,
  docker: string | null,
  ctx: DockerContext,
): string {
  if (mode === 'studio')
    return `Studio's own Docker is available: docker talks to the engine at ${studio.socketPath}.`;
  if (mode === 'bastion')
    return (
      `Docker talks to the team bastion (context ${DOCKER_BASTION_CONTEXT}, ${bastion.dockerHost ?? ''}) ` +
      'through an SSM session; new terminals have DOCKER_HOST set.'
    );
  const studioNote =
    studio.domainSetting === 'ENABLED'
      ? `The domain allows Docker, but ${studio.socketProblem ?? 'no engine answers'}. `
      : '';
  if (bastion.secret !== 'ok') return `${studioNote}No Docker here: ${bastion.secretMessage}.`;
  if (!docker) return `${studioNote}The bastion is there, but ${DOCKER_CLIENT_HINT}.`;
  if (ctx.proxy === null)
    return `${studioNote}The bastion is there, but the sidecar's ssm-proxy program is missing: reinstall the Studio for Teams wheel.`;
  return `${studioNote}Set up the team bastion (${bastion.instanceId ?? ''}) to use Docker from this container.`;
}
