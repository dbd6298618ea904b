import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Not global: reads are cached and cheap, and a hundred open tabs poll them. Routes that change
 * something opt in with `config.rateLimit` (see `mutationRateLimit` in the options).
 */
export default fp(
  async function rateLimitPlugin(fastify: FastifyInstance) {
    await fastify.register(rateLimit, { global: false });
  },
  { name: 'rate-limit' },
);
