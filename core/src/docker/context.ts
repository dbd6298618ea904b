import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BASTION_CONNECTION_SECRET } from '@studio-teams/schema';
import type { ProxyProgram } from './bastion-ssh';

/** What the Docker operations need: AWS, the user's home and environment, and where things are. */
export interface DockerContext {
  clients: { sagemaker: SageMakerClient; secretsManager: SecretsManagerClient };
  domainId: string;
  region: string;
  /** The container user's home: ~/.ssh, ~/.profile (and ~/.docker unless DOCKER_CONFIG says). */
  home: string;
  /** The container's environment: PATH finds docker; DOCKER_CONFIG, DOCKER_HOST are honoured. */
  env: NodeJS.ProcessEnv;
  /** node and the bundled ssm-proxy script; null when the script is not installed. */
  proxy: ProxyProgram | null;
  /** The Docker socket to check instead of DOCKER_HOST's or /var/run/docker.sock. */
  socketPath?: string;
  /** @default BASTION_CONNECTION_SECRET */
  secretName?: string;
  /** How long the Test button's `docker version` may take. @default 45000 */
  testTimeoutMs?: number;
}

export const secretNameOf = (ctx: DockerContext): string => ctx.secretName ?? BASTION_CONNECTION_SECRET;

/** docker sees the home we were given (HOME decides ~/.docker), whatever the process's own is. */
export const dockerEnvOf = (ctx: DockerContext): NodeJS.ProcessEnv => ({ ...ctx.env, HOME: ctx.home });
