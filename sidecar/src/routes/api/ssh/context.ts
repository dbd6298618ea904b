import { sshContainer, UserError } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import { awsFailure } from '../../../aws-errors';
import { conflict, notFound, SidecarError } from '../../../errors';

/** What core's container operations need, for the user this sidecar acts for. */
export async function containerContext(fastify: FastifyInstance): Promise<sshContainer.ContainerContext> {
  const [{ clients }, me, host] = await Promise.all([
    fastify.studioAws.get(),
    fastify.me.get(),
    sshContainer.hostSetup(fastify.config.env),
  ]);
  return { clients, identity: me, ...host };
}

/** core's refusals as answers: a wrong mode or a missing agent is a 409 the panel can show as is. */
export function sshFailure(error: unknown): SidecarError | undefined {
  if (error instanceof SidecarError) return error;
  if (error instanceof sshContainer.KeyNotFoundError) return notFound(error.message);
  if (
    error instanceof sshContainer.AgentMissingError ||
    error instanceof sshContainer.DefaultProfileError ||
    error instanceof sshContainer.NotASpaceError
  )
    return conflict(error.message);
  const aws = awsFailure(error);
  if (aws) return aws;
  // Anything else core says was written for people (e.g. the agent failed to register).
  if (error instanceof UserError) return new SidecarError(502, error.message, { cause: error });
  return undefined;
}

/** Runs `work`, turning core's and AWS's failures into answers. */
export async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sshFailure(error) ?? error;
  }
}
