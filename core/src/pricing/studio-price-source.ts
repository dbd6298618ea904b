import type { PricingClient } from '@aws-sdk/client-pricing';
import type { StudioAws } from '../aws/clients';
import type { Env } from '../aws/config-files';
import { fetchRegionPrices } from './fetch-prices';
import { createPricingClient, priceListRegionFor, pricingEndpoint } from './pricing-client';
import { PriceSource, type PriceSourceOptions } from './price-source';

export interface StudioPriceSourceOptions extends Omit<
  PriceSourceOptions,
  'fetchRegion' | 'origin' | 'onClose'
> {
  /** The environment the Studio clients are made from: it names the endpoint override, if any. */
  env: Env;
  /** The Studio clients, asked for on the first refresh (the sidecar makes them lazily). */
  aws: () => Promise<StudioAws>;
}

/**
 * A PriceSource over the real Price List API, with the Studio clients' credentials: one client per
 * API region, made on first use, destroyed on close.
 */
export function createStudioPriceSource(options: StudioPriceSourceOptions): PriceSource {
  const { env, aws, ...rest } = options;
  const clients = new Map<string, PricingClient>();
  return new PriceSource({
    ...rest,
    origin: pricingEndpoint(env) ?? 'aws',
    async fetchRegion(region, abortSignal) {
      const apiRegion = priceListRegionFor(region);
      let client = clients.get(apiRegion);
      if (!client) {
        const studio = await aws();
        if (abortSignal.aborted) throw new Error('the price source was closed');
        client = createPricingClient(studio, region);
        clients.set(apiRegion, client);
      }
      return fetchRegionPrices(client, region, { abortSignal });
    },
    onClose: () => {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  });
}
