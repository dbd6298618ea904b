import { Type, type Static } from '@sinclair/typebox';

/** Unauthenticated, so it says whether things work and nothing about who the user is. */
export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  insideStudio: Type.Boolean({ description: 'Whether Studio resource metadata was found.' }),
  /** Why cost and app routes answer 503, when they do. */
  message: Type.Optional(Type.String()),
  version: Type.String(),
});
export type HealthResponse = Static<typeof HealthResponse>;
