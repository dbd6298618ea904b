import type { AppDetails } from '@aws-sdk/client-sagemaker';
import {
  costTotals,
  createStudioPriceSource,
  inScope,
  isLive,
  type PriceSource,
  toAppCost,
  withQuote,
} from '@studio-teams/core';
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
  /** Prices by instance type: the Price List API's once fetched, else the table's. */
  prices: PriceSource;
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
 * listing is reused. Prices are read from memory: a request never waits on the Price List API, it
 * only starts a background refresh when the region's prices are missing or old.
 */
export default fp(
  async function cost(fastify: FastifyInstance) {
    const { longRunningRules: rules, now: clock, env, priceCacheFile } = fastify.config;
    const prices = createStudioPriceSource({
      env,
      aws: () => fastify.studioAws.get(),
      ...(priceCacheFile !== null ? { cacheFile: priceCacheFile } : {}),
      now: () => clock().getTime(),
      log: fastify.log.child({ component: 'prices' }),
    });
    fastify.addHook('onClose', () => prices.close());
    fastify.decorate('cost', {
      prices,
      async report(): Promise<CostReport> {
        const [me, listing] = await Promise.all([fastify.me.get(), fastify.domainListing.get()]);
        const now = clock();
        prices.refreshInBackground(me.region);
        const apps = appsOf(me.userProfileName, listing)
          .filter(isLive)
          .map((a) => {
            const cost = toAppCost(a, { now, region: me.region, rules });
            return withQuote(cost, prices.quote(me.region, cost.instanceType, cost.appType));
          })
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
