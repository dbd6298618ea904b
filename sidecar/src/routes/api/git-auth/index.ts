import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { gitAuth } from '@studio-teams/core';
import { ErrorResponse, GitAuthSaveRequest, GitAuthSaveResponse, GitAuthStatus } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';
import { answer, gitAuthTargets } from './context';

/**
 * GitLab auth: whether a PAT is stored for the user (GET) and saving one after the provider has
 * accepted it (POST). The PAT goes in and never comes back out: not in an answer, not in the log.
 */
const gitAuthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const target = gitAuthTargets(fastify);
  const { max, timeWindowMs } = fastify.config.mutationRateLimit;

  fastify.get(
    '',
    {
      schema: {
        summary: 'Whether a GitLab PAT is stored for you, for which git user, and when it was last verified',
        description:
          'Reads your own secret (gitlab-<user profile>) with the execution role. Never returns the PAT. ' +
          '`provider` is null when the domain names no git provider.',
        tags: ['git-auth'],
        response: { 200: GitAuthStatus, ...commonErrorResponses },
      },
    },
    async () => answer(async () => gitAuth.gitAuthStatus(await target())),
  );

  fastify.post(
    '',
    {
      // Each save asks the provider: a burst would be someone guessing PATs through us.
      config: { rateLimit: { max, timeWindow: timeWindowMs } },
      schema: {
        summary: 'Check a GitLab PAT against the provider, then store it in your secret',
        description:
          'GET /api/v4/user on the provider with the PAT; the username must be the one it answers. ' +
          '422 with the provider’s reason when it refuses; 502 when it cannot be reached, unless ' +
          '`saveUnverified` is set (the answer then says it was stored unverified); 409 when the domain ' +
          'names no git provider.',
        tags: ['git-auth'],
        body: GitAuthSaveRequest,
        response: {
          200: GitAuthSaveResponse,
          400: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
          ...commonErrorResponses,
        },
      },
    },
    async (request) =>
      answer(async () => {
        const { username, pat, saveUnverified } = request.body;
        const result = await gitAuth.saveGitAuth({
          ...(await target()),
          username,
          pat,
          saveUnverified: saveUnverified === true,
          saveUnverifiedHint: 'tick "Save even if the provider cannot be reached"',
          now: fastify.config.now(),
        });
        request.log.info(
          { gitUser: result.status.gitUserName, verified: result.verified, secret: result.status.secretName },
          'git PAT saved',
        );
        return result;
      }),
  );
};
export default gitAuthRoutes;
