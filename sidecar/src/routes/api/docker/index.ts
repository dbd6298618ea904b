import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { docker } from '@studio-teams/core';
import { DockerSetupResponse, DockerStatus, DockerTestResult, ErrorResponse } from '@studio-teams/schema';
import { commonErrorResponses } from '../../error-responses';
import { answer, dockerContext } from './context';

/**
 * Docker from this container: what is possible (GET), setting up the team bastion, and the Test
 * button's `docker version`. The bastion's private key goes from the secret to ~/.ssh and nowhere
 * else: no answer and no log line carries it.
 */
const dockerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { max, timeWindowMs } = fastify.config.mutationRateLimit;
  // Setup writes files and runs docker; the test opens an SSM session: a burst of either is a bug.
  const rateLimit = { rateLimit: { max, timeWindow: timeWindowMs } };

  fastify.get(
    '',
    {
      schema: {
        summary: "Whether Docker works here: Studio's own engine, or the team bastion, and what to do next",
        description:
          "Studio's own Docker counts when the domain's DockerSettings.EnableDockerAccess is ENABLED and " +
          'an engine answers on the socket; otherwise the bastion secret, the ssh block, the docker ' +
          'context sm-bastion and DOCKER_HOST are checked. `actions` lists what applies now.',
        tags: ['docker'],
        response: { 200: DockerStatus, ...commonErrorResponses },
      },
    },
    async () => answer(async () => docker.dockerStatus(await dockerContext(fastify))),
  );

  fastify.post(
    '/bastion',
    {
      config: rateLimit,
      schema: {
        summary: 'Set up Docker through the team bastion',
        description:
          'Writes the key from the bastion secret to ~/.ssh/sm-bastion.pem (0600), a marked Host ' +
          'sm-bastion block in ~/.ssh/config whose ProxyCommand opens an SSM session, the docker ' +
          'context sm-bastion (made current) and DOCKER_HOST in ~/.profile. 409 when Studio has its own ' +
          'engine, the docker client is missing, or the secret is missing or malformed.',
        tags: ['docker'],
        response: {
          200: DockerSetupResponse,
          409: ErrorResponse,
          429: ErrorResponse,
          ...commonErrorResponses,
        },
      },
    },
    async (request) =>
      answer(async () => {
        const ctx = await dockerContext(fastify);
        const result = await docker.setupBastion(ctx);
        request.log.info({ written: result.written }, 'docker bastion set up');
        return { ...result, status: await docker.dockerStatus(ctx) };
      }),
  );

  fastify.post(
    '/test',
    {
      config: rateLimit,
      schema: {
        summary: 'Run `docker version` against the engine in use',
        description:
          "Studio's engine when one answers, else the context sm-bastion; stopped after a timeout. A " +
          "failing docker is an answer (ok false, docker's own error), not an error status. 409 when " +
          'there is nothing to test yet.',
        tags: ['docker'],
        response: { 200: DockerTestResult, 409: ErrorResponse, 429: ErrorResponse, ...commonErrorResponses },
      },
    },
    async (request) =>
      answer(async () => {
        const result = await docker.testDocker(await dockerContext(fastify));
        request.log.info(
          { ok: result.ok, exitCode: result.exitCode, durationMs: result.durationMs },
          'docker test run',
        );
        return result;
      }),
  );
};
export default dockerRoutes;
