import { PricingClient } from '@aws-sdk/client-pricing';
import type { StudioAws } from '../aws/clients';
import type { Env } from '../aws/config-files';
import { tagOperation } from '../aws/operation-tag';
import { retrySettings } from '../aws/settings';

/**
 * The Price List Query API answers in three regions only, whatever region is priced (the region is a
 * filter, not an endpoint): the nearest one is asked.
 */
export const PRICE_LIST_API_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

export function priceListRegionFor(region: string): string {
  if (/^(ap|me|af)-/.test(region)) return 'ap-south-1';
  if (/^(eu|il)-/.test(region)) return 'eu-central-1';
  return 'us-east-1';
}

/**
 * The endpoint override for the Price List API, read like the other clients' (`endpointFor` in
 * `aws/settings.ts`): AWS_ENDPOINT_URL_PRICING, else AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
 */
export function pricingEndpoint(env: Env): string | undefined {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  return env.AWS_ENDPOINT_URL_PRICING || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Fewer attempts than the other clients' default: prices are fetched in the background and the table
 * stands in meanwhile, so a throttled API is better left until the next refresh than waited on.
 * AWS_MAX_ATTEMPTS still overrides.
 */
export const PRICING_MAX_ATTEMPTS = 4;

/** A bounded wait per attempt: a refresh that hangs would hold back every later one. */
const REQUEST_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/**
 * A Price List client with the credentials the Studio clients use (the container's role in Studio),
 * in the API region nearest `region`.
 */
export function createPricingClient(aws: StudioAws, region: string): PricingClient {
  const { env } = aws.settings;
  const endpoint = pricingEndpoint(env);
  const retry = retrySettings(env);
  const client = new PricingClient({
    region: priceListRegionFor(region),
    credentials: aws.clients.sts.config.credentials,
    maxAttempts: env.AWS_MAX_ATTEMPTS ? retry.maxAttempts : PRICING_MAX_ATTEMPTS,
    retryMode: retry.retryMode,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
    ...(endpoint ? { endpoint } : {}),
  });
  tagOperation(client, 'pricing');
  return client;
}
