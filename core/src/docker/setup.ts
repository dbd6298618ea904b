import { DOCKER_BASTION_CONTEXT } from '@studio-teams/schema';
import { EXIT, UserError } from '../errors';
import { bastionSshPaths, writeBastionSsh } from './bastion-ssh';
import { readBastionConnection } from './connection-secret';
import { type DockerContext, dockerEnvOf, secretNameOf } from './context';
import { bastionDockerHost, createBastionContext, DOCKER_CLIENT_HINT, findDockerClient } from './docker-cli';
import { writeProfileBlock } from './profile';
import { studioAccessOf } from './studio-access';

/** A refusal the panel shows as is (the sidecar answers 409). */
export class DockerSetupRefused extends UserError {
  constructor(message: string) {
    super(message, EXIT.failure);
  }
}

/**
 * Sets up Docker through the team bastion: the key and the `Host sm-bastion` block, the docker context
 * `sm-bastion` made current, and DOCKER_HOST for new terminals. Safe to run again (the key rotated, a
 * block was damaged): each piece is replaced whole. Returns what was written, never the key.
 */
export async function setupBastion(ctx: DockerContext): Promise<{ message: string; written: string[] }> {
  const docker = findDockerClient(ctx.env);
  if (!docker) throw new DockerSetupRefused(`cannot set up the bastion: ${DOCKER_CLIENT_HINT}`);
  if (!ctx.proxy)
    throw new DockerSetupRefused(
      "cannot set up the bastion: the sidecar's ssm-proxy program is missing; reinstall the Studio for Teams wheel",
    );
  const studio = await studioAccessOf(ctx);
  if (studio.available)
    throw new DockerSetupRefused(
      `Studio's own Docker answers at ${studio.socketPath} already: use it rather than the bastion`,
    );
  const connection = await readBastionConnection(ctx.clients.secretsManager, secretNameOf(ctx));
  const written = writeBastionSsh({
    connection,
    paths: bastionSshPaths(ctx.home),
    proxy: ctx.proxy,
    region: ctx.region,
  });
  const host = bastionDockerHost(connection.user);
  await createBastionContext(docker, dockerEnvOf(ctx), host);
  written.push(writeProfileBlock(ctx.home, host));
  return {
    message:
      `Docker now talks to the bastion ${connection.instanceId} (context ${DOCKER_BASTION_CONTEXT}, ${host}); ` +
      'open a new terminal for DOCKER_HOST, then press Test.',
    written,
  };
}
