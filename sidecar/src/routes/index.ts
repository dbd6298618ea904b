import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import apps from './api/apps';
import cost from './api/cost';
import health from './api/health';
import identity from './api/identity';
import lifecycle from './api/lifecycle';
import openapi from './api/openapi';
import ssh from './api/ssh';
import kernels from './api/kernels';
import docker from './api/docker';
import gitAuth from './api/git-auth';

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
    await secured.register(identity, { prefix: '/api/identity' });
    await secured.register(cost, { prefix: '/api/cost' });
    await secured.register(apps, { prefix: '/api/apps' });
    await secured.register(ssh, { prefix: '/api/ssh' });
    await secured.register(lifecycle, { prefix: '/api/lifecycle' });
    await secured.register(kernels, { prefix: '/api/kernels' });
    await secured.register(docker, { prefix: '/api/docker' });
    await secured.register(gitAuth, { prefix: '/api/git-auth' });
  });
};
export default routes;
