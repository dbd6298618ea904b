import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SidecarOptions } from '../../options';

declare module 'fastify' {
  interface FastifyInstance {
    /** The resolved options buildApp was given; every other service reads its settings here. */
    config: SidecarOptions;
  }
}

export default fp(
  async function configPlugin(fastify: FastifyInstance, options: { config: SidecarOptions }) {
    fastify.decorate('config', options.config);
  },
  { name: 'config' },
);
