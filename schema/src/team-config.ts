import './formats';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_DOMAIN_NAME } from './constants';
import { checkSageMakerName, profileNameFor } from './names';

/**
 * The team config: the one file (`team.yaml` or `team.json`) the CDK app is deployed from. It replaces
 * the original's terragrunt inputs. Every field is checked before any construct is made, and every
 * problem is reported by its path (`users[3].email: must be an email`), never as a stack trace.
 */

const Email = Type.String({ format: 'email' });
const InstanceType = Type.String({ pattern: '^(system|ml\\.[a-z0-9]+\\.[a-z0-9]+)$' });

export const TeamUser = Type.Object(
  {
    /** The person's git and IAM user name (`jane.doe`); the profile is named with `.` -> `-`. */
    name: Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$' }),
    /** `user.email` for git and where the police writes. */
    email: Email,
    /** Admins may open and stop anyone's apps; everyone else only their own. */
    isAdmin: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type TeamUser = Static<typeof TeamUser>;

/** An existing VPC, given by ids so synth needs no lookup. */
export const ExistingVpc = Type.Object(
  {
    vpcId: Type.String({ pattern: '^vpc-[0-9a-f]{8,17}$' }),
    /** Private subnets Studio's apps (and the bastion) run in, one per AZ, in the order of `availabilityZones`. */
    privateSubnetIds: Type.Array(Type.String({ pattern: '^subnet-[0-9a-f]{8,17}$' }), { minItems: 1 }),
    availabilityZones: Type.Array(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$' }), {
      minItems: 1,
    }),
  },
  { additionalProperties: false },
);
export type ExistingVpc = Static<typeof ExistingVpc>;

/** A VPC made for Studio, as the original's: a private and a public subnet per AZ, one NAT gateway. */
export const NewVpc = Type.Object(
  {
    cidr: Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/(1[6-9]|2[0-4])$', default: '10.0.0.0/16' }),
    maxAzs: Type.Integer({ minimum: 1, maximum: 4, default: 2 }),
    /** The AZs to use (default `<region>a`, `<region>b`, … up to maxAzs): named so synth needs no lookup. */
    availabilityZones: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$' }), { minItems: 1, maxItems: 4 }),
    ),
  },
  { additionalProperties: false },
);
export type NewVpc = Static<typeof NewVpc>;

export const PoliceConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    /** An EventBridge schedule expression: `rate(1 day)`, `cron(0 8 ? * MON-FRI *)`. */
    schedule: Type.String({
      pattern: '^(rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)|cron\\(.+\\))$',
      default: 'rate(1 day)',
    }),
    /** Instance families held to `cheapMaxHours` (the original: t3 after 5 days). */
    cheapFamilies: Type.Array(Type.String({ minLength: 1 }), { default: ['t3'] }),
    cheapMaxHours: Type.Number({ exclusiveMinimum: 0, default: 120 }),
    /** Every other instance family (the original: 1 day). */
    otherMaxHours: Type.Number({ exclusiveMinimum: 0, default: 24 }),
    /**
     * SES sandbox: mail only reaches verified addresses, so unverified users are reported to the admin
     * instead of being sent to. Turn off once the account has SES production access.
     */
    sesSandbox: Type.Boolean({ default: true }),
    /** Report what would be sent (in the Lambda's log) without sending anything. */
    dryRun: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type PoliceConfig = Static<typeof PoliceConfig>;

export const BastionConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    instanceType: Type.String({ pattern: '^[a-z][a-z0-9]*\\.[a-z0-9]+$', default: 't3.micro' }),
    volumeGiB: Type.Integer({ minimum: 8, maximum: 16384, default: 120 }),
  },
  { additionalProperties: false },
);
export type BastionConfig = Static<typeof BastionConfig>;

export const DefaultInstanceTypes = Type.Object(
  {
    jupyterLab: InstanceType,
    kernelGateway: InstanceType,
  },
  { additionalProperties: false },
);

export const TeamConfig = Type.Object(
  {
    domainName: Type.String({ pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$', default: DEFAULT_DOMAIN_NAME }),
    account: Type.String({ pattern: '^[0-9]{12}$' }),
    region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
    /** The account holding the people's IAM users (the original's `root_account`); default `account`. */
    iamUsersAccount: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    /** `create` makes a VPC as the original did; `existing` uses one by id. */
    vpc: Type.Union([
      Type.Object({ create: NewVpc }, { additionalProperties: false }),
      Type.Object({ existing: ExistingVpc }, { additionalProperties: false }),
    ]),
    users: Type.Array(TeamUser, { minItems: 1 }),
    /** Host of the team's git provider (`gitlab.example.com`), the target of the credential helper. */
    gitProviderHost: Type.String({
      pattern: '^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+(:\\d+)?$',
    }),
    /** The police's sender and the address copied on every reminder. */
    adminEmail: Email,
    /** The team's mail domain; the police's fallback address is `<name>@<emailDomain>`. */
    emailDomain: Type.String({ pattern: '^[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)+$' }),
    /** What happens to the home EFS when the domain is deleted. */
    homeRetention: Type.Union([Type.Literal('Delete'), Type.Literal('Retain')], { default: 'Delete' }),
    /** `jupyterlab`: new Studio spaces; `classic`: JupyterServer + KernelGateway apps; `both`. */
    studioFlavour: Type.Union([Type.Literal('jupyterlab'), Type.Literal('classic'), Type.Literal('both')], {
      default: 'both',
    }),
    defaultInstanceTypes: Type.Optional(DefaultInstanceTypes),
    police: Type.Optional(PoliceConfig),
    bastion: Type.Optional(BastionConfig),
    /** Studio's built-in idle shutdown of JupyterLab apps (60 to 525600 minutes). */
    idleShutdownMinutes: Type.Integer({ minimum: 60, maximum: 525600, default: 120 }),
    /** Studio's Docker access from spaces (Docker settings of the domain). */
    dockerAccess: Type.Boolean({ default: true }),
    /**
     * SSH into containers through SSM (`sm-ssh`); `classicSsh` also registers classic apps as SSM
     * managed instances, which needs the account's advanced activation tier.
     */
    remoteAccess: Type.Optional(
      Type.Object(
        {
          enabled: Type.Boolean({ default: true }),
          classicSsh: Type.Boolean({ default: true }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A validated config with every default filled in. */
export type TeamConfig = Omit<
  Static<typeof TeamConfig>,
  'defaultInstanceTypes' | 'police' | 'bastion' | 'remoteAccess'
> & {
  defaultInstanceTypes: Static<typeof DefaultInstanceTypes>;
  police: PoliceConfig;
  bastion: BastionConfig;
  remoteAccess: { enabled: boolean; classicSsh: boolean };
};

const DEFAULT_SECTIONS = {
  defaultInstanceTypes: { jupyterLab: 'ml.t3.medium', kernelGateway: 'ml.t3.medium' },
  police: {},
  bastion: {},
  remoteAccess: {},
};

export class TeamConfigError extends Error {
  override readonly name = 'TeamConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** `/users/3/email` -> `users[3].email`, the way people write it in YAML. */
export function fieldPath(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let out = '';
  for (const part of parts) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out || '(top level)';
}

function describe(error: ValueError): string {
  const schema = error.schema as TSchema & Record<string, unknown>;
  const got = JSON.stringify(error.value);
  if (schema.format === 'email') return 'must be an email';
  if (error.value === undefined) return 'is required';
  if (typeof schema.pattern === 'string' && typeof error.value === 'string') {
    return `${got} does not have the expected form (${schema.pattern})`;
  }
  if (schema.anyOf && Array.isArray(schema.anyOf)) {
    const literals = (schema.anyOf as TSchema[]).map((s) => s.const).filter((c) => c !== undefined);
    if (literals.length > 0)
      return `must be one of ${literals.map((l) => JSON.stringify(l)).join(', ')}, got ${got}`;
  }
  if (/^Unexpected property/.test(error.message)) return 'is not a known setting (check its spelling)';
  const message = error.message.replace(/^Expected \w+ to be/, 'must be').replace(/^Expected/, 'must be');
  return `${message}, got ${got}`;
}

/** The first error of each field, so one typo yields one line. */
function schemaProblems(value: unknown): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const error of Value.Errors(TeamConfig, value)) {
    // A failed union reports itself and then each branch; the field's own message is enough.
    if (seen.has(error.path) || [...seen].some((p) => p !== '' && error.path.startsWith(`${p}/`))) continue;
    seen.add(error.path);
    if (error.path === '/vpc' && error.value && typeof error.value === 'object') {
      lines.push(vpcProblem(error.value as Record<string, unknown>));
      continue;
    }
    lines.push(`${fieldPath(error.path)}: ${describe(error)}`);
  }
  return lines;
}

/** The VPC union's branch errors are unreadable; say what is expected instead. */
function vpcProblem(vpc: Record<string, unknown>): string {
  const keys = Object.keys(vpc);
  if (keys.length !== 1 || (keys[0] !== 'create' && keys[0] !== 'existing')) {
    return 'vpc: must have exactly one of `create` (a new VPC) or `existing` (vpcId, privateSubnetIds, availabilityZones)';
  }
  const branch = keys[0] === 'create' ? NewVpc : ExistingVpc;
  const inner = [...Value.Errors(branch, Value.Default(branch, structuredClone(vpc[keys[0]])))][0];
  return inner
    ? `vpc.${keys[0]}${fieldPath(inner.path) === '(top level)' ? '' : `.${fieldPath(inner.path)}`}: ${describe(inner)}`
    : `vpc.${keys[0]}: is invalid`;
}

/** Rules one field cannot say alone: unique people, valid profile names, an admin. */
function crossFieldProblems(config: Static<typeof TeamConfig>): string[] {
  const lines: string[] = [];
  const profiles = new Map<string, number>();
  config.users.forEach((user, i) => {
    const profile = profileNameFor(user.name);
    const bad = checkSageMakerName('user profile', profile);
    if (bad) lines.push(`users[${i}].name: ${bad}`);
    const first = profiles.get(profile);
    if (first !== undefined) {
      lines.push(
        `users[${i}].name: "${user.name}" gives the same profile name "${profile}" as users[${first}]`,
      );
    } else profiles.set(profile, i);
  });
  if (config.users.length > 0 && !config.users.some((u) => u.isAdmin)) {
    lines.push('users: at least one user must have isAdmin: true (someone has to be able to stop any app)');
  }
  const vpc = config.vpc as { existing?: ExistingVpc };
  if (vpc.existing && vpc.existing.privateSubnetIds.length !== vpc.existing.availabilityZones.length) {
    lines.push(
      `vpc.existing.availabilityZones: must name the AZ of each of the ${vpc.existing.privateSubnetIds.length} private subnets, in order`,
    );
  }
  return lines;
}

/** Validates a parsed config (from YAML, JSON or code) and fills in the defaults. */
export function parseTeamConfig(value: unknown, source = 'team config'): TeamConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TeamConfigError(source, ['(top level): must be a mapping of settings (domainName, users, …)']);
  }
  const withSections = { ...DEFAULT_SECTIONS, ...(value as object) };
  const withDefaults = Value.Default(TeamConfig, structuredClone(withSections)) as Static<typeof TeamConfig>;
  const problems = schemaProblems(withDefaults);
  if (problems.length === 0) problems.push(...crossFieldProblems(withDefaults));
  if (problems.length > 0) throw new TeamConfigError(source, problems);
  return withDefaults as TeamConfig;
}

/** Parses the text of a YAML or JSON config (JSON is YAML); syntax errors name the line. */
export function parseTeamConfigText(text: string, source = 'team config'): TeamConfig {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new TeamConfigError(source, [`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  return parseTeamConfig(value, source);
}

/** The profile name and git identity of each person, as the CDK app and the police use them. */
export function teamMembers(config: TeamConfig): { profile: string; user: TeamUser }[] {
  return config.users.map((user) => ({ profile: profileNameFor(user.name), user }));
}

/**
 * The police's address book, deployed by the CDK app beside the usage report: profile name -> email,
 * from the team config, so the Lambda learns everyone's address with one GetObject.
 */
export const PoliceAddressBook = Type.Record(Type.String(), Type.String({ format: 'email' }));
export type PoliceAddressBook = Static<typeof PoliceAddressBook>;

/** Key of the address book in the reports bucket (`usageReportLocation(...).bucket`). */
export const POLICE_ADDRESS_BOOK_KEY = 'police/address-book.json';
