import type { AppCost } from '@studio-teams/schema';
import type { PriceQuote } from './price-source';

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/**
 * An AppCost (from `toAppCost`, priced from the table) repriced with a quote: price, cost so far over
 * the same uptime, and where the price came from.
 */
export function withQuote(cost: AppCost, quote: PriceQuote): AppCost {
  const { pricePerHour } = quote;
  return {
    ...cost,
    pricePerHour,
    costSoFar: pricePerHour === null ? null : round4((pricePerHour * cost.uptimeSeconds) / 3600),
    priceSource: quote.source,
  };
}
