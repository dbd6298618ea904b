import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CostReport } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';

const cost: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      schema: {
        summary: "What the user's apps and their spaces' apps cost, and which run too long",
        description:
          'Polled by every open tab: the AWS listing behind it is shared for a few seconds ' +
          '(listedAt), while uptime and cost are computed at each request (generatedAt).',
        tags: ['cost'],
        response: { 200: CostReport, ...commonErrorResponses },
      },
    },
    async () => fastify.cost.report(),
  );
};
export default cost;
