import { Type, type Static } from '@sinclair/typebox';

/**
 * When an app counts as long-running. The original's rule: a t3 instance after 5 days, anything
 * else after 1 day. The cost panel, `sm-studio status` and the police Lambda all read this one shape.
 */
export const LongRunningRules = Type.Object({
  /** Instance families (the part after `ml.`, before the size) held to the cheap limit. */
  cheapFamilies: Type.Array(Type.String({ minLength: 1 }), { default: ['t3'] }),
  cheapMaxHours: Type.Number({ exclusiveMinimum: 0, default: 120 }),
  otherMaxHours: Type.Number({ exclusiveMinimum: 0, default: 24 }),
  /** Share of the limit after which an app is "near" it (amber in the UI). */
  nearFraction: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8 }),
});
export type LongRunningRules = Static<typeof LongRunningRules>;

export const Standing = Type.Union([
  Type.Literal('ok'),
  Type.Literal('near-limit'),
  Type.Literal('over-limit'),
]);
export type Standing = Static<typeof Standing>;
