import type { AwsSettings, StudioContext } from '@studio-teams/core';
import type { NameKind } from '@studio-teams/schema';
import {
  type CoreModule,
  loadCore,
  loadPlainSchema,
  loadSshProxyCore,
  type SshProxyCoreModule,
} from './core';
import type { CliIo } from './io';

/** The options every command accepts (declared once on the program in `program.ts`). */
export interface GlobalOptions {
  profile?: string;
  region?: string;
  /** Unset means the team default (DEFAULT_DOMAIN_NAME), filled in by `domainName()`. */
  domain?: string;
  user?: string;
  debug?: boolean;
}

/** Filled in as a run goes, so the error handler can say which profile and region were used. */
export interface RunState {
  settings?: AwsSettings;
  debug: boolean;
  /**
   * Set by a command that deals with Ctrl-C itself from then on (it handed the terminal to ssh, or
   * it must end a session cleanly): the runner then waits for it instead of exiting 130.
   */
  handlesInterrupt?: boolean;
  /** The exit code of a command that passes one through (ssh's); 0 when unset. */
  exitCode?: number;
}

/**
 * Names are checked against SageMaker's rules before any AWS call, so a typo costs no round trip
 * and exits 2 (usage) with a precise message.
 */
export function checkNames(opts: GlobalOptions, extra: [NameKind, string | undefined][] = []): void {
  const { UserError, EXIT } = loadSshProxyCore();
  const { checkSageMakerName } = loadPlainSchema();
  const all: [NameKind, string | undefined][] = [
    ['domain', domainName(opts)],
    ['user profile', opts.user],
    ...extra,
  ];
  for (const [kind, value] of all) {
    if (value === undefined) continue;
    const problem = checkSageMakerName(kind, value);
    if (problem) throw new UserError(problem, EXIT.usage);
  }
}

export const domainName = (opts: GlobalOptions): string =>
  opts.domain ?? loadPlainSchema().DEFAULT_DOMAIN_NAME;

export interface Session {
  core: CoreModule;
  ctx: StudioContext;
  settings: AwsSettings;
}

/** AWS clients for the chosen profile and region, and the domain found by name. */
export async function openSession(io: CliIo, opts: GlobalOptions, state: RunState): Promise<Session> {
  const core = loadCore();
  const settings = core.resolveAwsSettings({ env: io.env, profile: opts.profile, region: opts.region });
  state.settings = settings;
  const { clients } = core.createClients(settings);
  const ctx = await core.connectDomain(clients, domainName(opts), {
    region: settings.region,
    profile: settings.profile,
    credentialSource: settings.credentialSource,
  });
  return { core, ctx, settings };
}

/**
 * Like `openSession`, plus the user profile (from --user, or the caller's assumed-role session);
 * STS and ListDomains go out together.
 */
export async function openUserSession(
  io: CliIo,
  opts: GlobalOptions,
  state: RunState,
): Promise<Session & { userProfileName: string }> {
  const core = loadCore();
  return { core, ...(await openUserContext(io, opts, state, core)) };
}

/** `openUserSession` with the core it is given: `sm-ssh proxy` passes the narrow one. */
export async function openUserContext(
  io: CliIo,
  opts: GlobalOptions,
  state: RunState,
  core: Pick<
    SshProxyCoreModule,
    'resolveAwsSettings' | 'createClients' | 'connectDomain' | 'resolveUserProfileName'
  > = loadSshProxyCore(),
): Promise<Omit<Session, 'core'> & { userProfileName: string }> {
  const settings = core.resolveAwsSettings({ env: io.env, profile: opts.profile, region: opts.region });
  state.settings = settings;
  const { clients } = core.createClients(settings);
  const [ctx, userProfileName] = await Promise.all([
    core.connectDomain(clients, domainName(opts), {
      region: settings.region,
      profile: settings.profile,
      credentialSource: settings.credentialSource,
    }),
    core.resolveUserProfileName(clients.sts, opts.user),
  ]);
  return { ctx, settings, userProfileName };
}
