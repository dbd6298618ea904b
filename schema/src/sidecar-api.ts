import { Type, type Static } from '@sinclair/typebox';
import { SAGEMAKER_NAME_PATTERN } from './names';
import { AppCost, AppOwner, CostTotals } from './status';

/**
 * The sidecar's HTTP API: the sidecar validates and documents its routes with these schemas, the
 * JupyterLab extension reads the answers through their static types (`import type` only, so the
 * page bundles no TypeBox).
 */

/** The body of every 4xx and 5xx answer. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String({ description: 'The HTTP reason phrase.' }),
  message: Type.String({ description: 'What went wrong; "internal error" for any unexpected 5xx.' }),
  requestId: Type.String({ description: 'Appears in the sidecar log next to the details.' }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/** `GET /api/health`: unauthenticated, so it says whether things work and nothing about who the user is. */
export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  insideStudio: Type.Boolean({ description: 'Whether Studio resource metadata was found.' }),
  /** Why cost and app routes answer 503, when they do. */
  message: Type.Optional(Type.String()),
  version: Type.String(),
});
export type HealthResponse = Static<typeof HealthResponse>;

/** `GET /api/identity`: who the sidecar acts for, from Studio's resource metadata. */
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

/** The app types of the SageMaker API (botocore `AppType`). */
export const AppType = Type.Union(
  [
    Type.Literal('JupyterServer'),
    Type.Literal('KernelGateway'),
    Type.Literal('JupyterLab'),
    Type.Literal('CodeEditor'),
    Type.Literal('RStudioServerPro'),
    Type.Literal('RSessionGateway'),
    Type.Literal('Canvas'),
    Type.Literal('DetailedProfiler'),
    Type.Literal('TensorBoard'),
  ],
  { examples: ['JupyterServer'] },
);
export type AppType = Static<typeof AppType>;

/** botocore's name rule for apps, user profiles and spaces. */
const sageMakerName = (options: { description?: string; example?: string } = {}) =>
  Type.String({
    pattern: SAGEMAKER_NAME_PATTERN.source,
    maxLength: 63,
    ...(options.description ? { description: options.description } : {}),
    // Documentation, and a value a fuzzer starts from that names a real app.
    ...(options.example ? { examples: [options.example] } : {}),
  });

/** `DELETE /api/apps/:appType/:appName`. */
export const StopAppParams = Type.Object(
  { appType: AppType, appName: sageMakerName({ example: 'default' }) },
  { additionalProperties: false },
);
export type StopAppParams = Static<typeof StopAppParams>;

export const StopAppQuery = Type.Object(
  {
    space: Type.Optional(sageMakerName({ description: "Stop this space's app (the space must be yours)." })),
    user: Type.Optional(
      sageMakerName({ description: 'Whose app; only your own user profile is accepted. Defaults to you.' }),
    ),
  },
  { additionalProperties: false },
);
export type StopAppQuery = Static<typeof StopAppQuery>;

/** 202: AWS accepted the request; the app goes Deleting, then Deleted. */
export const StopAppResponse = Type.Object({
  appType: Type.String(),
  appName: Type.String(),
  owner: AppOwner,
  status: Type.String({ description: 'The app status after the request: Deleting.' }),
});
export type StopAppResponse = Static<typeof StopAppResponse>;
