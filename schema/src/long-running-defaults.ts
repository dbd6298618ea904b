import type { LongRunningRules } from './long-running';

/** The original's limits (see LongRunningRules), kept apart from the schema so loading them needs no TypeBox. */
export const DEFAULT_LONG_RUNNING_RULES: LongRunningRules = {
  cheapFamilies: ['t3'],
  cheapMaxHours: 120,
  otherMaxHours: 24,
  nearFraction: 0.8,
};
