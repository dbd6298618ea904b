import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The security scheme name; health opts out with `security: []`. */
export const BEARER_SCHEME = 'bearerToken';

/**
 * The OpenAPI document is generated from the route schemas, so the documentation, the validation
 * and the extension's types cannot drift apart. OpenAPI 3.0 because fuzzers and generators read it best.
 */
export default fp(
  async function swaggerPlugin(fastify: FastifyInstance) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Studio for Teams sidecar',
          description:
            'The container-side API behind the JupyterLab panel. Listens on 127.0.0.1 only and answers ' +
            'only requests addressed to it by Host; every route but /api/health needs the bearer token ' +
            'kept in the sidecar token file.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            [BEARER_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              description: 'The content of the 0600 token file the sidecar reads at start (--token-file).',
            },
          },
        },
        security: [{ [BEARER_SCHEME]: [] }],
      },
    });
  },
  { name: 'swagger' },
);
