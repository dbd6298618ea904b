import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sshContainer } from '@studio-teams/core';
import {
  ErrorResponse,
  fingerprintFromPath,
  SshActionResponse,
  SshKeyParams,
  SshKeyRemoved,
  SshStatus,
} from '@studio-teams/schema';
import { conflict } from '../../../errors';
import { commonErrorResponses } from '../../error-responses';
import { answer, containerContext } from './context';

/**
 * SSH into this container, its half: the state and the keys (GET), and the one action that applies
 * (POST). The laptop half (`sm-ssh`) connects; nothing here opens a session.
 */
const ssh: FastifyPluginAsyncTypebox = async (fastify) => {
  const { max, timeWindowMs } = fastify.config.mutationRateLimit;
  // Each change calls AWS (and may register a machine): a burst of them is a bug or an attack.
  const rateLimit = { rateLimit: { max, timeWindow: timeWindowMs } };
  const changeResponses = {
    200: SshActionResponse,
    409: ErrorResponse,
    429: ErrorResponse,
    ...commonErrorResponses,
  };

  fastify.get(
    '',
    {
      schema: {
        summary: 'Whether you can SSH into this container, the keys authorised, and the line to run',
        description:
          'For an app of a new-Studio space: its RemoteAccess and whether the running app picked it up. ' +
          'For a classic app: its SSM managed instances and whether the agent is installed. `actions` ' +
          'lists what applies now. Keys show type, fingerprint and comment only.',
        tags: ['ssh'],
        response: { 200: SshStatus, ...commonErrorResponses },
      },
    },
    async () => answer(async () => sshContainer.status(await containerContext(fastify))),
  );

  fastify.post(
    '/remote-access',
    {
      config: rateLimit,
      schema: {
        summary: "Enable remote access for this space (the space's app must restart to pick it up)",
        description: 'New Studio only: 409 in a classic app, which is activated instead.',
        tags: ['ssh'],
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const ctx = await containerContext(fastify);
        const result = await sshContainer.enableRemoteAccess(ctx);
        request.log.info({ space: ctx.identity.spaceName, changed: result.changed }, 'remote access enabled');
        return { message: result.message, status: await sshContainer.status(ctx) };
      }),
  );

  fastify.post(
    '/activate',
    {
      config: rateLimit,
      schema: {
        summary: 'Register this classic app with SSM so `sm-ssh connect` reaches it by name',
        description:
          'Writes the sshd configuration under the home, creates a one-use activation with the ' +
          'execution role tagged with owner, domain, user and app, and registers the SSM agent. ' +
          '409 when the agent is not installed (the message says how), when a [default] AWS profile ' +
          'would shadow the role, or in a space (enable remote access instead).',
        tags: ['ssh'],
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const ctx = await containerContext(fastify);
        if (ctx.identity.spaceName !== null)
          throw conflict(
            `this is an app of space ${ctx.identity.spaceName}: enable remote access instead of activating`,
          );
        const result = await sshContainer.activate(ctx);
        request.log.info(
          { instanceId: result.instanceId, replaced: result.deregistered },
          'container activated for SSH',
        );
        return { message: result.message, status: await sshContainer.status(ctx) };
      }),
  );

  fastify.post(
    '/deactivate',
    {
      config: rateLimit,
      schema: {
        summary: "Stop this classic app's SSM agent and deregister its managed instances",
        description: 'Leaves no managed instance behind. 409 in a space.',
        tags: ['ssh'],
        response: changeResponses,
      },
    },
    async (request) =>
      answer(async () => {
        const ctx = await containerContext(fastify);
        if (ctx.identity.spaceName !== null)
          throw conflict(`this is an app of space ${ctx.identity.spaceName}, which has no activation`);
        const result = await sshContainer.deactivate(ctx);
        request.log.info({ deregistered: result.deregistered }, 'container deactivated for SSH');
        return { message: result.message, status: await sshContainer.status(ctx) };
      }),
  );

  fastify.delete(
    '/keys/:fingerprint',
    {
      config: rateLimit,
      schema: {
        summary: 'Remove one of your public keys from your key parameter',
        description:
          'Every other line of the parameter stays as it was. Your containers stop accepting the key ' +
          'at their next session. 404 when no key has that fingerprint.',
        tags: ['ssh'],
        params: SshKeyParams,
        response: {
          200: SshKeyRemoved,
          400: ErrorResponse,
          404: ErrorResponse,
          429: ErrorResponse,
          ...commonErrorResponses,
        },
      },
    },
    async (request) =>
      answer(async () => {
        const ctx = await containerContext(fastify);
        const result = await sshContainer.removeKey(ctx, fingerprintFromPath(request.params.fingerprint));
        request.log.info({ fingerprint: result.removed.fingerprint }, 'SSH key removed');
        return result;
      }),
  );
};
export default ssh;
