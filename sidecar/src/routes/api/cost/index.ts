import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CostReport } from '@studio-teams/schema';
import type { DomainListing } from '../../../plugins/app/domain-listing';
import { commonErrorResponses } from '../../error-responses';

/** At most this long (real time) one computed answer is shared: prices refresh in the background. */
const SHARED_MS = 1000;

interface Shared {
  listing: DomainListing;
  /** The sidecar clock's whole second: uptime and cost are in whole seconds. */
  second: number;
  until: number;
  report: CostReport;
  /** The report serialised by the route's response schema, once. */
  body: string;
}

const cost: FastifyPluginAsyncTypebox = async (fastify) => {
  const { now } = fastify.config;
  /**
   * Tabs polling at once share one report, serialised once by the route's response schema, while
   * nothing it is made of can have changed: the same listing (a new one after each refresh and each
   * stop), the same second of the sidecar's clock, and within a second of real time.
   */
  let shared: Shared | undefined;
  fastify.get(
    '',
    {
      schema: {
        summary: "What the user's apps and their spaces' apps cost, and which run too long",
        description:
          'Polled by every open tab: the AWS listing behind it is shared for a few seconds ' +
          '(listedAt), while uptime and cost are computed at each request (generatedAt), to the second.',
        tags: ['cost'],
        response: { 200: CostReport, ...commonErrorResponses },
      },
    },
    async (_request, reply) => {
      const listing = await fastify.domainListing.get();
      const second = Math.floor(now().getTime() / 1000);
      const at = performance.now();
      let current = shared;
      if (current?.listing !== listing || current.second !== second || at >= current.until) {
        const report = await fastify.cost.report();
        // A JSON string: the response schema's serializer, not a stream.
        const body = String(reply.serialize(report));
        current = shared = { listing, second, until: at + SHARED_MS, report, body };
      }
      const { body, report } = current;
      return reply
        .type('application/json; charset=utf-8')
        .serializer(() => body)
        .send(report);
    },
  );
};
export default cost;
