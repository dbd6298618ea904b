import { AwsError, invalid, notFound } from '../http/aws-error';
import type { Handler, RequestContext } from '../services/service';
import { sshdMissing } from '../containers/container';
import { findSshd } from '../containers/sshd-config';
import { dataChannelUrl } from '../ssm/data-channel';
import { endSession, openSession } from '../ssm/session-store';
import { appStatus } from './app-status';
import { accessDenied, identifyCaller, sameProfile } from './caller';
import type { App, Domain, Space } from './store';

/** The app types of a space that remote access reaches (new Studio's IDEs). */
const REMOTE_APP_TYPES = new Set(['JupyterLab', 'CodeEditor']);

const RESOURCE =
  /^arn:aws[a-z-]*:sagemaker:([^:]*):(\d{12}):(space|app)\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?$/;

/** A space ARN, or the ARN of an app of a space, as the model's "space application" wording allows. */
function spaceOf(ctx: RequestContext, arn: string): { domain: Domain; space: Space } {
  const m = RESOURCE.exec(arn);
  const missing = notFound(`Resource ${arn} does not exist`);
  if (!m || m[1] !== ctx.config.region || m[2] !== ctx.config.accountId) throw missing;
  const kind = m[3];
  if ((kind === 'space') !== (m[6] === undefined)) throw missing;
  const domain = ctx.state.studio.domains.get(m[4] as string);
  const space = domain?.spaces.get(m[5] as string);
  if (!domain || !space) throw missing;
  if (kind === 'app' && ![...domain.apps.values()].some((a) => a.arn === arn)) throw missing;
  return { domain, space };
}

/**
 * SageMaker StartSession (2025 remote access): a session to the space's running JupyterLab or Code
 * Editor app, through the same data channel as SSM's. Refused as Studio refuses it:
 * - the caller is not the space's owner: AccessDeniedException. This stands for the IAM condition the
 *   CDK app writes (the space's owner profile equal to the caller's), checked after the space is found
 *   so that a typo reads as ResourceNotFound;
 * - the space's RemoteAccess is not ENABLED, or no remote-capable app is InService: ValidationException;
 * - the app started before RemoteAccess was enabled: ValidationException asking for a restart, since a
 *   running app keeps the setting it started with (DescribeSpace already shows ENABLED).
 */
export const startSpaceSession: Handler = async (input, ctx) => {
  const arn = input['ResourceIdentifier'] as string;
  const caller = await identifyCaller(ctx);
  const { domain, space } = spaceOf(ctx, arn);
  if (!sameProfile(space.owner, caller.profile))
    throw accessDenied(
      caller,
      'sagemaker:StartSession',
      arn,
      space.owner === undefined
        ? `space ${space.name} has no owner`
        : `space ${space.name} belongs to user profile ${space.owner}, not to ${caller.profile ?? 'a user profile'}`,
    );
  if (space.settings['RemoteAccess'] !== 'ENABLED')
    throw invalid(
      `Remote access is not enabled for space ${space.name}: UpdateSpace with SpaceSettings.RemoteAccess=ENABLED, then (re)start its app`,
    );
  const app = remoteApp(ctx, domain, space);
  if (!app.remoteAccess)
    throw invalid(
      `App ${app.type}/${app.name} of space ${space.name} started before remote access was enabled; ` +
        'restart it (DeleteApp, then CreateApp) to pick the setting up',
    );
  if (!findSshd())
    throw new AwsError('ValidationException', `Space ${space.name} cannot be reached: ${sshdMissing()}`);
  const container = await ctx.state.ssh.containers.obtain(
    `${domain.id}-${space.name}`,
    ctx.config.homesDir,
    {
      kind: 'space',
      domainId: domain.id,
      spaceName: space.name,
      spaceArn: space.arn,
      appArn: app.arn,
      appCreatedAt: app.createdAt,
    },
    space.owner,
  );
  ctx.state.ssh.sweepEvery(SWEEP_MS, () => sweepSpaceContainers(ctx));
  const { session, token } = openSession(ctx, {
    target: space.arn,
    via: 'sagemaker',
    owner: caller.arn,
    callerName: caller.name,
    container,
    portNumber: '22',
  });
  return { SessionId: session.id, StreamUrl: await dataChannelUrl(ctx, session.id), TokenValue: token };
};

function remoteApp(ctx: RequestContext, domain: Domain, space: Space): App {
  const now = ctx.now();
  const apps = [...domain.apps.values()].filter(
    (a) => a.owner.kind === 'space' && a.owner.name === space.name && REMOTE_APP_TYPES.has(a.type),
  );
  const running = apps.find((a) => appStatus(a, now, ctx.config.deletingMs) === 'InService');
  if (running) return running;
  const pending = apps.find((a) => appStatus(a, now, ctx.config.deletingMs) === 'Pending');
  if (pending)
    throw invalid(
      `App ${pending.type}/${pending.name} of space ${space.name} is Pending; try again once it is InService`,
    );
  throw invalid(
    `Space ${space.name} has no JupyterLab or CodeEditor app InService; start one with CreateApp`,
  );
}

/** How often containers of spaces whose app went away are looked for. */
const SWEEP_MS = 1000;

/**
 * A space's container lives as long as the app it started for: once that app is no longer InService
 * (DeleteApp, or a new app in its place) its sessions end and its sshd stops; the home stays.
 */
export async function sweepSpaceContainers(ctx: RequestContext): Promise<void> {
  const now = ctx.now();
  for (const container of ctx.state.ssh.containers.list()) {
    const backing = container.backing;
    if (backing.kind !== 'space' || !container.running) continue;
    const app = [...(ctx.state.studio.domains.get(backing.domainId)?.apps.values() ?? [])].find(
      (a) => a.arn === backing.appArn && a.createdAt === backing.appCreatedAt,
    );
    if (app && appStatus(app, now, ctx.config.deletingMs) === 'InService') continue;
    for (const session of ctx.state.ssh.sessions.values()) {
      if (session.container === container)
        endSession(session, 'Terminated', now, `the app of space ${backing.spaceName} stopped`);
    }
    await container.stop();
  }
}
