import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docker, UserError } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import { awsFailure } from '../../../aws-errors';
import { conflict, SidecarError } from '../../../errors';

/**
 * The ssm-proxy program ssh runs for `Host sm-bastion`: STUDIO_SSM_PROXY_SCRIPT when set; else beside
 * this code, where the wheel's bundle puts it (ssm-proxy.js next to sidecar.js) or tsc's build does
 * (dist/src/bin). Null when neither exists: the panel then offers no setup.
 */
export function findProxyScript(env: NodeJS.ProcessEnv, here: string = __dirname): string | null {
  const given = env.STUDIO_SSM_PROXY_SCRIPT;
  if (given) return fs.existsSync(given) ? given : null;
  const candidates = [
    path.join(here, 'ssm-proxy.js'),
    path.join(here, '..', '..', '..', 'bin', 'ssm-proxy.js'),
  ];
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

/** What core's Docker operations need, for the user this sidecar acts for. */
export async function dockerContext(fastify: FastifyInstance): Promise<docker.DockerContext> {
  const [{ clients, settings }, me] = await Promise.all([fastify.studioAws.get(), fastify.me.get()]);
  const { env } = fastify.config;
  const script = findProxyScript(env);
  return {
    clients,
    domainId: me.domainId,
    region: settings.region,
    home: env.HOME || os.homedir(),
    env,
    proxy: script ? { node: process.execPath, script } : null,
    ...(env.STUDIO_DOCKER_SOCKET ? { socketPath: env.STUDIO_DOCKER_SOCKET } : {}),
  };
}

/** core's refusals as answers the panel shows as they are. */
export function dockerFailure(error: unknown): SidecarError | undefined {
  if (error instanceof SidecarError) return error;
  if (error instanceof docker.BastionSecretError)
    return error.problem === 'unreachable'
      ? new SidecarError(502, error.message, { cause: error })
      : conflict(error.message);
  if (error instanceof docker.DockerSetupRefused || error instanceof docker.NothingToTest)
    return conflict(error.message);
  const aws = awsFailure(error);
  if (aws) return aws;
  // Anything else core says was written for people (docker context create failed, a damaged block).
  if (error instanceof UserError) return new SidecarError(502, error.message, { cause: error });
  return undefined;
}

export async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw dockerFailure(error) ?? error;
  }
}
