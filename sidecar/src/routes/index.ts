import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import health from './api/health';
import openapi from './api/openapi';

/**
 * The URL tree, registered explicitly (no autoload) so a reader sees every route here. Everything
 * inside `authenticated` gets the bearer-token hook from its context, so a route added there cannot
 * forget it; health is the one route outside.
 */
const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(health, { prefix: '/api/health' });
  await fastify.register(async function authenticated(secured) {
    secured.addHook('onRequest', secured.authenticate);
    await secured.register(openapi, { prefix: '/api' });
  });
};
export default routes;
