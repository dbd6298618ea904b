import { createClients, type StudioAws, UserError } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unavailable } from '../../errors';
import type { StudioMetadata } from '../../studio-metadata';

declare module 'fastify' {
  interface FastifyInstance {
    studioAws: StudioAwsService;
  }
}

export interface StudioAwsService {
  /** Clients for the container's own region and credentials, with the metadata they were made for. */
  get(): Promise<StudioAws & { metadata: StudioMetadata }>;
}

/**
 * Clients are made on first use, not at start: outside Studio there is nothing to call, and the
 * metadata (read lazily too) names the region when the environment does not.
 */
export default fp(
  async function studioAws(fastify: FastifyInstance) {
    let made: (StudioAws & { metadata: StudioMetadata }) | undefined;
    fastify.decorate('studioAws', {
      async get() {
        if (made) return made;
        const metadata = await fastify.studioIdentity.require();
        const { env } = fastify.config;
        // The container's region first (Studio sets it), then the one in the app's own ARN.
        const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || metadata.region || undefined;
        try {
          made = { ...createClients({ region, env }), metadata };
        } catch (error) {
          // core's UserErrors (e.g. no region anywhere) are written for people: pass them on.
          if (error instanceof UserError) throw unavailable(`cannot reach AWS: ${error.message}`);
          throw error;
        }
        fastify.log.info(
          { region: made.settings.region, credentials: made.settings.credentialSource },
          'AWS clients ready',
        );
        return made;
      },
    });
  },
  { name: 'studio-aws', dependencies: ['config', 'studio-identity'] },
);
