import type { AppDetails, SageMakerClient, SpaceDetails } from '@aws-sdk/client-sagemaker';
import {
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { checkSageMakerName, MANAGED_INSTANCE_TAG_KEYS as TAGS } from '@studio-teams/schema/plain';
import { listApps } from '../apps';
import type { StudioContext } from '../context';
import { UserError } from '../errors';
import { allPages } from '../pagination';
import { describeSpace, listSpaces } from '../spaces';
import {
  hasRemoteAccessApp,
  hostFor,
  INSTANCE_ID,
  type InstanceTarget,
  isSafeTargetName,
  type SpaceAppStatus,
  type SpaceTarget,
  type SshTarget,
  targetNameOf,
} from './targets';

/**
 * Every target the user can connect to: their own spaces (one ListSpaces and one ListApps for the
 * whole domain, however many spaces) and their registered containers in this domain
 * (DescribeInstanceInformation filtered by the owner and domain tags), sorted by name.
 */
export async function listTargets(ctx: StudioContext, userProfileName: string): Promise<SshTarget[]> {
  const { sagemaker, ssm } = ctx.clients;
  const [spaces, apps, instances] = await Promise.all([
    listSpaces(sagemaker, ctx.domain.id),
    listApps(sagemaker, ctx.domain.id),
    listInstanceTargets(ssm, userProfileName, ctx.domain.id),
  ]);
  const own = spaces.filter((s) => s.OwnershipSettingsSummary?.OwnerUserProfileName === userProfileName);
  const spaceTargets = own.map((s) => spaceTargetOf(fieldsOfSummary(s), apps));
  return [...spaceTargets, ...instances].sort(
    (a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind),
  );
}

/** The managed instances tagged as the user's in the domain, with re-registrations marked stale. */
export async function listInstanceTargets(
  ssm: SSMClient,
  userProfileName: string,
  domainId: string,
): Promise<InstanceTarget[]> {
  const infos = await allPages(async (NextToken) => {
    const out = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: `tag:${TAGS.owner}`, Values: [userProfileName] },
          { Key: `tag:${TAGS.domain}`, Values: [domainId] },
        ],
        MaxResults: 50,
        NextToken,
      }),
    );
    return { items: out.InstanceInformationList, nextToken: out.NextToken };
  });
  return markStale(infos.filter((i) => i.InstanceId).map(instanceTargetOf));
}

function instanceTargetOf(info: InstanceInformation): InstanceTarget {
  const id = info.InstanceId!;
  const name = info.Name && isSafeTargetName(info.Name) && !INSTANCE_ID.test(info.Name) ? info.Name : id;
  return {
    kind: 'instance',
    name,
    host: hostFor(name),
    instanceId: id,
    pingStatus: info.PingStatus ?? 'Unknown',
    lastPingAt: info.LastPingDateTime?.toISOString(),
    stale: false,
  };
}

/**
 * A container that was registered again (a restart) leaves its old managed instance behind under the
 * same name: the online one, else the most recently seen, is the live one.
 */
function markStale(targets: InstanceTarget[]): InstanceTarget[] {
  const rank = (t: InstanceTarget) => [t.pingStatus === 'Online' ? 1 : 0, t.lastPingAt ?? ''] as const;
  const best = new Map<string, InstanceTarget>();
  for (const t of targets) {
    const current = best.get(t.name);
    if (!current) {
      best.set(t.name, t);
      continue;
    }
    const [a1, a2] = rank(t);
    const [b1, b2] = rank(current);
    if (a1 > b1 || (a1 === b1 && a2 > b2)) best.set(t.name, t);
  }
  return targets.map((t) => ({ ...t, stale: best.get(t.name) !== t }));
}

interface SpaceFields {
  name: string;
  appType: string | undefined;
  remoteAccess: string | undefined;
  owner: string | undefined;
}

const fieldsOfSummary = (s: SpaceDetails): SpaceFields => ({
  name: s.SpaceName ?? '',
  appType: s.SpaceSettingsSummary?.AppType,
  remoteAccess: s.SpaceSettingsSummary?.RemoteAccess,
  owner: s.OwnershipSettingsSummary?.OwnerUserProfileName,
});

function spaceTargetOf(s: SpaceFields, apps: AppDetails[]): SpaceTarget {
  const app = currentApp(apps, s.name, s.appType);
  return {
    kind: 'space',
    name: s.name,
    host: hostFor(s.name),
    spaceName: s.name,
    appType: s.appType,
    appStatus: app ? appStatusOf(app) : 'Stopped',
    appName: app?.AppName,
    instanceType: app?.ResourceSpec?.InstanceType,
    remoteAccess: s.remoteAccess === 'ENABLED',
    owner: s.owner,
  };
}

/** The space's app of its own type that is not gone; the newest when there are several. */
export function currentApp(
  apps: AppDetails[],
  spaceName: string,
  appType: string | undefined,
): AppDetails | undefined {
  return apps
    .filter((a) => a.SpaceName === spaceName && a.Status !== 'Deleted')
    .filter((a) => appType === undefined || a.AppType === appType)
    .sort((a, b) => (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0))[0];
}

function appStatusOf(app: AppDetails): SpaceAppStatus {
  switch (app.Status) {
    case 'InService':
    case 'Pending':
    case 'Deleting':
    case 'Failed':
      return app.Status;
    default:
      return 'Stopped';
  }
}

/** A space as `resolveTarget` returns it: the target plus what StartSession and CreateApp need. */
export interface ResolvedSpace extends SpaceTarget {
  spaceArn: string;
  domainId: string;
}

export type ResolvedTarget = ResolvedSpace | InstanceTarget;

/**
 * Finds the one target `hostOrName` names (`sm-x` or `x`) among the user's spaces and containers,
 * with a message that says what to do when there is none, several, or it is someone else's. Space and
 * containers are looked up at once: DescribeSpace, ListApps of that space, DescribeInstanceInformation.
 */
export async function resolveTarget(
  ctx: StudioContext,
  userProfileName: string,
  hostOrName: string,
): Promise<ResolvedTarget> {
  const name = targetNameOf(hostOrName);
  const { sagemaker, ssm } = ctx.clients;
  if (INSTANCE_ID.test(name)) {
    const byId = (await listInstanceTargets(ssm, userProfileName, ctx.domain.id)).find(
      (t) => t.instanceId === name,
    );
    if (byId) return byId;
    throw new UserError(
      `no managed instance ${name} tagged ${TAGS.owner}=${userProfileName} in ${ctx.domain.name}; ` +
        '`sm-ssh list` shows what you can connect to',
    );
  }
  const spaceLookup =
    checkSageMakerName('space', name) === undefined
      ? Promise.all([
          describeSpace(sagemaker, ctx.domain.id, name),
          spaceApps(sagemaker, ctx.domain.id, name),
        ])
      : Promise.resolve([undefined, [] as AppDetails[]] as const);
  const [[space, apps], instances] = await Promise.all([
    spaceLookup,
    listInstanceTargets(ssm, userProfileName, ctx.domain.id),
  ]);

  const named = instances.filter((t) => t.name === name);
  const live = named.find((t) => !t.stale);
  const owner = space?.OwnershipSettings?.OwnerUserProfileName;
  const ownSpace = space && owner === userProfileName ? space : undefined;

  if (ownSpace && live) {
    throw new UserError(
      `${hostFor(name)} is both your space ${name} and your container ${live.instanceId}; ` +
        `connect to the container as ${hostFor(live.instanceId)}, or rename one of them`,
    );
  }
  if (live) return live;
  if (ownSpace) {
    if (!ownSpace.SpaceArn) throw new UserError(`DescribeSpace returned no ARN for space ${name}`);
    return {
      ...spaceTargetOf(
        {
          name,
          appType: ownSpace.SpaceSettings?.AppType,
          remoteAccess: ownSpace.SpaceSettings?.RemoteAccess,
          owner,
        },
        apps,
      ),
      spaceArn: ownSpace.SpaceArn,
      domainId: ctx.domain.id,
    };
  }
  if (space) {
    throw new UserError(
      owner
        ? `space ${name} belongs to ${owner}; you can only connect to your own spaces (you are ${userProfileName})`
        : `space ${name} has no owner (a classic shared space); remote access needs a JupyterLab or ` +
            'Code Editor space of your own',
    );
  }
  throw new UserError(
    `no space or container named ${name} for ${userProfileName} in ${ctx.domain.name}; ` +
      '`sm-ssh list` shows what you can connect to',
  );
}

/** Whether a space can be reached at all, whatever its state: a classic space never can. */
export function checkRemoteAppType(space: SpaceTarget): void {
  if (hasRemoteAccessApp(space)) return;
  throw new UserError(
    `space ${space.spaceName} is a ${space.appType ?? 'classic (JupyterServer)'} space; ` +
      'remote access needs a JupyterLab or Code Editor space',
  );
}

function spaceApps(sagemaker: SageMakerClient, domainId: string, spaceName: string): Promise<AppDetails[]> {
  return listApps(sagemaker, domainId, { kind: 'space', name: spaceName });
}
