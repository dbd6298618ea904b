import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, HealthResponse } from '@studio-teams/schema';
import { SIDECAR_VERSION } from '../../../version';

/**
 * The one route without a token: the extension and the proxy probe it to decide whether the
 * sidecar is up. It still answers outside Studio, saying so, so "up but useless" is visible.
 */
const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      schema: {
        summary: 'Whether the sidecar is up and inside Studio',
        tags: ['health'],
        security: [],
        response: { 200: HealthResponse, 403: ErrorResponse },
      },
    },
    async () => {
      const reading = await fastify.studioIdentity.reading();
      return {
        status: 'ok' as const,
        insideStudio: reading.found,
        ...(reading.found ? {} : { message: `not inside SageMaker Studio: ${reading.reason}` }),
        version: SIDECAR_VERSION,
      };
    },
  );
};
export default health;
