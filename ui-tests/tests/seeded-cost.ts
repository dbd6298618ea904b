import { PRICE_TABLE, type Seed } from '@studio-teams/schema';

/**
 * What the seed says a user spends, worked out from the seed and the price table alone (not from
 * the sidecar), so the test checks the figures rather than echoing them.
 */
export interface SeededCost {
  pricePerHour: number;
  costSoFar: number;
  /** Live apps: the user's own and those of the spaces the user owns. */
  apps: number;
}

export function seededCost(seed: Seed, domainName: string, user: string): SeededCost {
  const domain = seed.domains.find((d) => d.name === domainName);
  if (!domain) throw new Error(`the seed has no domain ${domainName}`);
  const ownedSpaces = new Set(domain.spaces.filter((s) => s.owner === user).map((s) => s.name));
  const prices = PRICE_TABLE.regions[seed.region] ?? {};
  const live = domain.apps.filter(
    (a) =>
      (a.user === user || (a.space !== undefined && ownedSpaces.has(a.space))) &&
      (a.status ?? 'InService') !== 'Failed',
  );
  let pricePerHour = 0;
  let costSoFar = 0;
  for (const app of live) {
    const price = app.instanceType === 'system' ? 0 : (prices[app.instanceType] ?? 0);
    pricePerHour += price;
    costSoFar += price * app.ageHours;
  }
  return { pricePerHour, costSoFar, apps: live.length };
}

/** `$0.40/h · $9.62 so far` -> { perHour: 0.4, soFar: 9.62 } */
export function parseSummary(text: string): { perHour: number; soFar: number } {
  const m = /^\$([\d,.]+)\/h · \$([\d,.]+) so far$/.exec(text.trim());
  if (!m?.[1] || !m[2]) throw new Error(`not a cost summary: "${text}"`);
  return { perHour: Number(m[1].replace(/,/g, '')), soFar: Number(m[2].replace(/,/g, '')) };
}

/** Whether a shown dollar figure is `expected` rounded to cents (either way, at a half cent). */
export function closeToCents(shown: number, expected: number): boolean {
  return Math.abs(shown - expected) <= 0.005 + 1e-9;
}
