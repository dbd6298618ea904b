import fs from 'node:fs';
import http from 'node:http';
import { DescribeDomainCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { DockerStudioAccess } from '@studio-teams/schema';
import { describeAwsError } from '../errors';

/**
 * Studio's own Docker access: the domain must allow it (`DomainSettings.DockerSettings.
 * EnableDockerAccess`) and an engine must answer on the container's socket (Studio provides one in
 * JupyterLab and Code Editor spaces of such a domain, at /docker/proxy.sock, not in classic apps).
 */

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** Where Studio exposes its engine when the domain allows Docker (and sets DOCKER_HOST to it). */
export const STUDIO_DOCKER_SOCKET = '/docker/proxy.sock';

/**
 * The socket to check: the one given; else DOCKER_HOST's when it is a unix socket (Studio sets it for
 * its own engine); else Studio's socket when it exists (a process started without DOCKER_HOST); else
 * the usual /var/run/docker.sock.
 */
export function dockerSocketPath(
  env: NodeJS.ProcessEnv,
  given?: string,
  exists: (file: string) => boolean = fs.existsSync,
): string {
  if (given) return given;
  const host = env.DOCKER_HOST ?? '';
  if (host.startsWith('unix://') && host.length > 'unix://'.length) return host.slice('unix://'.length);
  return exists(STUDIO_DOCKER_SOCKET) ? STUDIO_DOCKER_SOCKET : DEFAULT_DOCKER_SOCKET;
}

/** `GET /_ping` on the socket: the engine answers `OK`. Resolves with null, or what went wrong. */
export function pingDockerSocket(socketPath: string, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    // agent false: a fresh connection each time, never one pooled from an engine that has since gone.
    const req = http.request(
      { socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 200) body += chunk;
        });
        res.on('end', () => {
          if (res.statusCode === 200 && body.trim() === 'OK') resolve(null);
          else
            resolve(
              `${socketPath} answered HTTP ${res.statusCode ?? '?'} to /_ping, not a Docker engine's OK`,
            );
        });
        res.on('error', () => resolve(`${socketPath} broke off its answer`));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve(`no answer on ${socketPath} within ${timeoutMs} ms`);
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(socketProblem(socketPath, err)));
    req.end();
  });
}

function socketProblem(socketPath: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `there is no Docker socket at ${socketPath}`;
    case 'ECONNREFUSED':
      return `nothing listens on ${socketPath} (the engine is not running)`;
    case 'EACCES':
      return `this user may not open ${socketPath}`;
    default:
      return `cannot talk to ${socketPath}: ${err.code ?? err.message}`;
  }
}

/** The domain's setting; null with the reason when DescribeDomain cannot be called. */
export async function domainDockerSetting(
  sagemaker: SageMakerClient,
  domainId: string,
): Promise<{ setting: 'ENABLED' | 'DISABLED' | null; problem: string | null }> {
  try {
    const out = await sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }));
    const value = out.DomainSettings?.DockerSettings?.EnableDockerAccess;
    return { setting: value === 'ENABLED' ? 'ENABLED' : 'DISABLED', problem: null };
  } catch (err) {
    return { setting: null, problem: describeAwsError(err).message };
  }
}

export async function studioDockerAccess(options: {
  sagemaker: SageMakerClient;
  domainId: string;
  socketPath: string;
}): Promise<DockerStudioAccess> {
  const [domain, socketProblem] = await Promise.all([
    domainDockerSetting(options.sagemaker, options.domainId),
    pingDockerSocket(options.socketPath),
  ]);
  return {
    domainSetting: domain.setting,
    domainProblem: domain.problem,
    socketPath: options.socketPath,
    socketReachable: socketProblem === null,
    socketProblem,
    // An engine on the socket of a domain whose setting cannot be read (DescribeDomain denied) is Studio's.
    available: socketProblem === null && domain.setting !== 'DISABLED',
  };
}

/** Studio's own Docker for the context's domain and socket: the one rule status, setup and test share. */
export function studioAccessOf(ctx: {
  clients: { sagemaker: SageMakerClient };
  domainId: string;
  env: NodeJS.ProcessEnv;
  socketPath?: string;
}): Promise<DockerStudioAccess> {
  return studioDockerAccess({
    sagemaker: ctx.clients.sagemaker,
    domainId: ctx.domainId,
    socketPath: dockerSocketPath(ctx.env, ctx.socketPath),
  });
}
