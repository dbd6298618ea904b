import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SidecarError } from '../../errors';

/**
 * Unknown URLs need the token like everything else, so a caller without it learns nothing about
 * which routes exist; and they are rate limited, because probing for URLs is their only use.
 */
export default fp(
  async function notFound(fastify: FastifyInstance) {
    fastify.setNotFoundHandler(
      {
        preValidation: fastify.authenticate,
        preHandler: fastify.rateLimit({ max: 30, timeWindow: 60_000 }),
      },
      async (request) => {
        throw new SidecarError(404, `no route ${request.method} ${request.url.split('?')[0]}`);
      },
    );
  },
  { name: 'not-found', dependencies: ['auth', 'rate-limit'] },
);
