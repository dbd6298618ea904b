import { Type, type Static } from '@sinclair/typebox';
import { AppCost, CostTotals } from '@studio-teams/schema';

/** `GET /api/cost`: what the user is spending now, on their own apps and those of spaces they own. */
export const CostReport = Type.Object({
  generatedAt: Type.String({ format: 'date-time', description: 'When uptime and cost were computed.' }),
  /** When AWS was last asked; the listing is shared by every request for a few seconds. */
  listedAt: Type.String({ format: 'date-time' }),
  domainId: Type.String(),
  region: Type.String(),
  userProfileName: Type.String(),
  /** Pending and InService apps, oldest first. */
  apps: Type.Array(AppCost),
  totals: CostTotals,
});
export type CostReport = Static<typeof CostReport>;
