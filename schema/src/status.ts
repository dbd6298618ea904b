import { Type, type Static } from '@sinclair/typebox';
import { Standing } from './long-running';

/** The JSON that `sm-studio status --json` and `status-all --json` print (and the cost route reuses). */

export const AppOwner = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('space')]),
  name: Type.String(),
});
export type AppOwner = Static<typeof AppOwner>;

/**
 * Where an app's price came from: the AWS Price List API, the fallback table (`PRICE_TABLE`), or
 * neither (the price is then null).
 */
export const PriceOrigin = Type.Union([Type.Literal('api'), Type.Literal('table'), Type.Literal('unknown')]);
export type PriceOrigin = Static<typeof PriceOrigin>;

export const AppCost = Type.Object({
  domainId: Type.String(),
  owner: AppOwner,
  appType: Type.String(),
  appName: Type.String(),
  status: Type.String(),
  /** `ml.t3.medium`, `system`, or null when AWS did not say. */
  instanceType: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  uptimeSeconds: Type.Integer({ minimum: 0 }),
  /** USD per hour; null when the instance type has no known price. */
  pricePerHour: Type.Union([Type.Number(), Type.Null()]),
  /** USD since creation; null when the price is unknown. */
  costSoFar: Type.Union([Type.Number(), Type.Null()]),
  /** Set where prices may come from the Price List API (the sidecar); absent means the table's. */
  priceSource: Type.Optional(PriceOrigin),
  standing: Standing,
  /** Hours after which this app counts as long-running. */
  limitHours: Type.Number(),
});
export type AppCost = Static<typeof AppCost>;

export const CostTotals = Type.Object({
  pricePerHour: Type.Number(),
  costSoFar: Type.Number(),
  /** Apps left out of the totals because their price is unknown. */
  unpricedApps: Type.Integer({ minimum: 0 }),
});
export type CostTotals = Static<typeof CostTotals>;

export const DomainRef = Type.Object({ id: Type.String(), name: Type.String(), region: Type.String() });
export type DomainRef = Static<typeof DomainRef>;

export const StatusReport = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  domain: DomainRef,
  userProfileName: Type.String(),
  /** Set when the report is about one space rather than the user's own apps. */
  spaceName: Type.Optional(Type.String()),
  apps: Type.Array(AppCost),
  totals: CostTotals,
});
export type StatusReport = Static<typeof StatusReport>;

export const OwnerUsage = Type.Object({
  name: Type.String(),
  /** Bytes on the home EFS from the daily report; null when there is no report or no entry. */
  efsBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  apps: Type.Array(AppCost),
});
export type OwnerUsage = Static<typeof OwnerUsage>;

export const StatusAllReport = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  domain: DomainRef,
  efs: Type.Object({
    reportGeneratedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    totalBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** Why the figures are null (no report yet, unreadable…); null when they are known. */
    unknownReason: Type.Union([Type.String(), Type.Null()]),
  }),
  users: Type.Array(OwnerUsage),
  spaces: Type.Array(OwnerUsage),
  totals: CostTotals,
});
export type StatusAllReport = Static<typeof StatusAllReport>;

export const SpaceSummary = Type.Object({
  name: Type.String(),
  status: Type.String(),
  ownerUserProfileName: Type.Union([Type.String(), Type.Null()]),
  sharingType: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type SpaceSummary = Static<typeof SpaceSummary>;

export const SpacesList = Type.Object({ domain: DomainRef, spaces: Type.Array(SpaceSummary) });
export type SpacesList = Static<typeof SpacesList>;
