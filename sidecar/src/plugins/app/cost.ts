import type { AppDetails } from '@aws-sdk/client-sagemaker';
import { costTotals, inScope, isLive, toAppCost } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CostReport } from '@studio-teams/schema';
import type { DomainListing } from './domain-listing';

declare module 'fastify' {
  interface FastifyInstance {
    cost: CostService;
  }
}

export interface CostService {
  report(): Promise<CostReport>;
}

/** The user's own apps and the apps of the spaces they own (a member of a shared space is not billed for it). */
export function appsOf(user: string, listing: DomainListing): AppDetails[] {
  const owned = new Set(
    listing.spaces
      .filter((s) => s.OwnershipSettingsSummary?.OwnerUserProfileName === user)
      .map((s) => s.SpaceName),
  );
  return listing.apps.filter(
    (a) => inScope(a, { kind: 'user', name: user }) || (a.SpaceName !== undefined && owned.has(a.SpaceName)),
  );
}

/**
 * The listing is shared and cached; uptime and cost are computed per request from it (by core, so
 * the panel, `sm-studio status` and the police Lambda agree), so the figures tick even while the
 * listing is reused.
 */
export default fp(
  async function cost(fastify: FastifyInstance) {
    const { longRunningRules: rules, now: clock } = fastify.config;
    fastify.decorate('cost', {
      async report(): Promise<CostReport> {
        const [me, listing] = await Promise.all([fastify.me.get(), fastify.domainListing.get()]);
        const now = clock();
        const apps = appsOf(me.userProfileName, listing)
          .filter(isLive)
          .map((a) => toAppCost(a, { now, region: me.region, rules }))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        return {
          generatedAt: now.toISOString(),
          listedAt: listing.listedAt.toISOString(),
          domainId: me.domainId,
          region: me.region,
          userProfileName: me.userProfileName,
          apps,
          totals: costTotals(apps),
        };
      },
    });
  },
  { name: 'cost', dependencies: ['config', 'me', 'domain-listing'] },
);
