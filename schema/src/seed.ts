import { Type, type Static } from '@sinclair/typebox';

/**
 * The local Studio's starting state (`emulator/seed/*.json`), validated before anything starts so a
 * typo in a seed file is a message, not a half-seeded emulator.
 */

const Name = Type.String({ pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$' });

export const SeedUser = Type.Object({
  /** The person's git/IAM name (`first.last`); the profile is named with `.` -> `-`. */
  person: Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$' }),
  email: Type.Optional(Type.String({ format: 'email' })),
});
export type SeedUser = Static<typeof SeedUser>;

export const SeedSpace = Type.Object({
  name: Name,
  /** Profile name of the owner. */
  owner: Name,
  sharing: Type.Union([Type.Literal('Private'), Type.Literal('Shared')], { default: 'Shared' }),
  /**
   * `SpaceSettings.AppType`, for a space whose app is not running (none of the seed's apps says it);
   * when one does, the two must agree.
   */
  appType: Type.Optional(Type.Union([Type.Literal('JupyterLab'), Type.Literal('CodeEditor')])),
  /**
   * `SpaceSettings.RemoteAccess` ENABLED, so `sm-ssh connect <space>` reaches it (starting its app
   * first) with no `--enable-remote-access`. Needs a JupyterLab or CodeEditor space.
   */
  remoteAccess: Type.Optional(Type.Boolean()),
});
export type SeedSpace = Static<typeof SeedSpace>;

export const SeedApp = Type.Object({
  /** Exactly one of user (profile name) or space. */
  user: Type.Optional(Name),
  space: Type.Optional(Name),
  type: Type.Union([
    Type.Literal('JupyterServer'),
    Type.Literal('KernelGateway'),
    Type.Literal('JupyterLab'),
    Type.Literal('CodeEditor'),
  ]),
  /** Defaults to `default` for JupyterServer/JupyterLab/CodeEditor, a generated name for KernelGateway. */
  name: Type.Optional(Name),
  instanceType: Type.String({ pattern: '^(system|ml\\.[a-z0-9]+\\.[a-z0-9]+)$' }),
  /** How long ago the app was created. */
  ageHours: Type.Number({ minimum: 0 }),
  status: Type.Optional(
    Type.Union([Type.Literal('InService'), Type.Literal('Pending'), Type.Literal('Failed')]),
  ),
});
export type SeedApp = Static<typeof SeedApp>;

/** Uploaded to the domain's `usageReportLocation` (constants.ts). */
export const SeedUsageReport = Type.Object({
  generatedHoursAgo: Type.Number({ minimum: 0 }),
  profiles: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  spaces: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});
export type SeedUsageReport = Static<typeof SeedUsageReport>;

export const SeedDomain = Type.Object({
  name: Name,
  users: Type.Array(SeedUser),
  spaces: Type.Array(SeedSpace, { default: [] }),
  apps: Type.Array(SeedApp, { default: [] }),
  usageReport: Type.Optional(SeedUsageReport),
  /** `DomainSettings.DockerSettings.EnableDockerAccess` (Studio's own Docker); DescribeDomain omits it when unset. */
  dockerAccess: Type.Optional(Type.Boolean()),
});
export type SeedDomain = Static<typeof SeedDomain>;

export const Seed = Type.Object({
  accountId: Type.String({ pattern: '^[0-9]{12}$' }),
  region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
  /** The person the local laptop acts as: an assumed role named after their profile, session = person. */
  caller: Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$' }),
  /** The bastion that runs SSM commands on the EFS; the emulator runs them in a sandbox folder. */
  bastionInstanceId: Type.String({ pattern: '^i-[0-9a-f]{8,17}$' }),
  domains: Type.Array(SeedDomain, { minItems: 1 }),
});
export type Seed = Static<typeof Seed>;
