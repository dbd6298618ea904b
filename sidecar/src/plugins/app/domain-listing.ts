import type { AppDetails, SpaceDetails } from '@aws-sdk/client-sagemaker';
import { listApps, listSpaces } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { awsFailure } from '../../aws-errors';
import { SingleFlightCache } from '../../single-flight-cache';

declare module 'fastify' {
  interface FastifyInstance {
    domainListing: DomainListingService;
  }
}

/** Every app and space of the domain, as AWS listed them at `listedAt`. */
export interface DomainListing {
  readonly apps: readonly AppDetails[];
  readonly spaces: readonly SpaceDetails[];
  readonly listedAt: Date;
}

export interface DomainListingService {
  /** The shared listing: at most one ListApps and one ListSpaces pass per TTL, however many ask. */
  get(): Promise<DomainListing>;
  /** After a change (an app stopped), the next get() asks AWS again. */
  invalidate(): void;
}

/**
 * The whole domain in one paged pass each (ListApps has no "apps of my spaces" filter, and the
 * stop route must tell another user's app from an unknown one), shared by every route and every
 * open tab: a hundred tabs polling the cost cost AWS one listing per interval.
 */
export default fp(
  async function domainListing(fastify: FastifyInstance) {
    const { costCacheTtlMs, now } = fastify.config;
    const cache = new SingleFlightCache<DomainListing>(
      async () => {
        const { clients, metadata } = await fastify.studioAws.get();
        try {
          const [apps, spaces] = await Promise.all([
            listApps(clients.sagemaker, metadata.domainId),
            listSpaces(clients.sagemaker, metadata.domainId),
          ]);
          return { apps, spaces, listedAt: now() };
        } catch (error) {
          throw awsFailure(error) ?? error;
        }
      },
      costCacheTtlMs,
      () => now().getTime(),
    );
    fastify.decorate('domainListing', { get: () => cache.get(), invalidate: () => cache.invalidate() });
  },
  { name: 'domain-listing', dependencies: ['config', 'studio-aws'] },
);
