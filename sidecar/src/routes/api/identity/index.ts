import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdentityResponse } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';

const identity: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      schema: {
        summary: 'Who the sidecar acts for: domain, user profile, space and app',
        tags: ['identity'],
        response: { 200: IdentityResponse, ...commonErrorResponses },
      },
    },
    async () => fastify.me.get(),
  );
};
export default identity;
