import { Type, type Static } from '@sinclair/typebox';
import { AppOwner } from '@studio-teams/schema';

/** The app types of the SageMaker API (botocore `AppType`). */
export const AppType = Type.Union([
  Type.Literal('JupyterServer'),
  Type.Literal('KernelGateway'),
  Type.Literal('JupyterLab'),
  Type.Literal('CodeEditor'),
  Type.Literal('RStudioServerPro'),
  Type.Literal('RSessionGateway'),
  Type.Literal('Canvas'),
  Type.Literal('DetailedProfiler'),
  Type.Literal('TensorBoard'),
]);
export type AppType = Static<typeof AppType>;

/** botocore's name rule for apps, user profiles and spaces. */
const sageMakerName = (description?: string) =>
  Type.String({
    pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$',
    maxLength: 63,
    ...(description ? { description } : {}),
  });

export const StopAppParams = Type.Object(
  { appType: AppType, appName: sageMakerName() },
  { additionalProperties: false },
);
export type StopAppParams = Static<typeof StopAppParams>;

export const StopAppQuery = Type.Object(
  {
    space: Type.Optional(sageMakerName("Stop this space's app (the space must be yours).")),
    user: Type.Optional(sageMakerName('Whose app; only your own user profile is accepted. Defaults to you.')),
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
