import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, StopAppParams, StopAppQuery, StopAppResponse } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';

const apps: FastifyPluginAsyncTypebox = async (fastify) => {
  const { max, timeWindowMs } = fastify.config.mutationRateLimit;
  fastify.delete(
    '/:appType/:appName',
    {
      // A stop is rare and costly to undo; a burst of them is a bug or an attack.
      config: { rateLimit: { max, timeWindow: timeWindowMs } },
      schema: {
        summary: 'Stop (delete) one of your apps, or an app of a space you own',
        description:
          "Refused with 403 for another user's app or an app of a space you do not own. " +
          'The home folder stays; only the running app and its instance go.',
        tags: ['apps'],
        params: StopAppParams,
        querystring: StopAppQuery,
        response: {
          202: StopAppResponse,
          400: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
          ...commonErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { appType, appName } = request.params;
      const { space, user } = request.query;
      const result = await fastify.apps.stop({ appType, appName, space, user });
      request.log.info({ appType, appName, owner: result.owner }, 'app stopping');
      return reply.code(202).send(result);
    },
  );
};
export default apps;
