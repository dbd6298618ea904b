import { Type, type Static } from '@sinclair/typebox';

/** Who the sidecar acts for, from Studio's resource metadata. */
export const IdentityResponse = Type.Object({
  domainId: Type.String(),
  /** The user profile; for an app of a space without one in its metadata, the space's owner. */
  userProfileName: Type.String(),
  spaceName: Type.Union([Type.String(), Type.Null()]),
  appType: Type.Union([Type.String(), Type.Null()]),
  resourceName: Type.Union([Type.String(), Type.Null()]),
  region: Type.String(),
});
export type IdentityResponse = Static<typeof IdentityResponse>;
