import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LifecycleStatus } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';
import { lifecycleStateDir, readLifecycleStatus } from './state';

/**
 * How this app's last start went: the summary the lifecycle script wrote, its failed steps, and the
 * end of `~/.on_start`'s output. Read from the home at each request (a few small files), no AWS.
 */
const lifecycle: FastifyPluginAsyncTypebox = async (fastify) => {
  const stateDir = lifecycleStateDir(fastify.config.env);
  fastify.get(
    '',
    {
      schema: {
        summary: "The last app start: each lifecycle step's outcome, and ~/.on_start's result and output",
        description:
          '`summary` is null when no lifecycle script ran in this home. `failed` lists the steps that ' +
          'failed (the app started all the same). `onStart` is null when there is no ~/.on_start; its ' +
          '`result` is null while it still runs.',
        tags: ['lifecycle'],
        response: { 200: LifecycleStatus, ...commonErrorResponses },
      },
    },
    async () => readLifecycleStatus(stateDir),
  );
};
export default lifecycle;
