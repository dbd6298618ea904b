import { hash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SidecarError } from '../../errors';
import { ensureTokenFile } from '../../token-file';

declare module 'fastify' {
  interface FastifyInstance {
    /** The onRequest hook that guards a whole route subtree (see routes/index.ts). */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

/**
 * Digests have equal length whatever was sent, so the comparison takes the same time for any guess.
 * One-shot `hash`: it runs on every request, and a Hash object per call cost twice as much.
 */
const digest = (value: string): Buffer => hash('sha256', value, 'buffer');

export default fp(
  async function auth(fastify: FastifyInstance) {
    const expected = digest(await ensureTokenFile(fastify.config.tokenFile));
    fastify.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
      const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
      if (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected)) return;
      reply.header('www-authenticate', 'Bearer realm="studio-teams-sidecar"');
      throw new SidecarError(401, 'a valid "Authorization: Bearer <token>" header is required');
    });
  },
  { name: 'auth', dependencies: ['config'] },
);
