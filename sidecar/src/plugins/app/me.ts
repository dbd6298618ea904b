import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unavailable } from '../../errors';
import type { IdentityResponse } from '@studio-teams/schema';

declare module 'fastify' {
  interface FastifyInstance {
    me: MeService;
  }
}

export type Me = IdentityResponse;

export interface MeService {
  /** The user the sidecar acts for; every ownership check compares against this name. */
  get(): Promise<Me>;
}

/**
 * The metadata of a classic app names the user profile. An app of a new-Studio space may name only
 * the space; its user is then the space's owner (ListSpaces' OwnershipSettingsSummary), found in
 * the shared domain listing rather than with a call of its own.
 */
export default fp(
  async function me(fastify: FastifyInstance) {
    fastify.decorate('me', {
      async get(): Promise<Me> {
        const { metadata, settings } = await fastify.studioAws.get();
        let user = metadata.userProfileName;
        if (user === null && metadata.spaceName !== null) {
          const { spaces } = await fastify.domainListing.get();
          const space = spaces.find((s) => s.SpaceName === metadata.spaceName);
          user = space?.OwnershipSettingsSummary?.OwnerUserProfileName ?? null;
        }
        if (user === null) {
          throw unavailable(
            `cannot tell whose sidecar this is: the metadata names no user profile and space ` +
              `${metadata.spaceName ?? '(none)'} has no owner`,
          );
        }
        return {
          domainId: metadata.domainId,
          userProfileName: user,
          spaceName: metadata.spaceName,
          appType: metadata.appType,
          resourceName: metadata.resourceName,
          region: settings.region,
        };
      },
    });
  },
  { name: 'me', dependencies: ['studio-aws', 'domain-listing'] },
);
