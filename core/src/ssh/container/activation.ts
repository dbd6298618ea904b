/**
 * Classic apps (JupyterServer, KernelGateway) and jobs: the container becomes an SSM managed
 * instance through an activation tagged with its owner, and the laptop reaches sshd through
 * AWS-StartSSHSession.
 */
import { DescribeDomainCommand, DescribeUserProfileCommand } from '@aws-sdk/client-sagemaker';
import {
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeInstanceInformationCommand,
  type InstanceInformation,
} from '@aws-sdk/client-ssm';
import { MANAGED_INSTANCE_TAG_KEYS as TAGS } from '@studio-teams/schema';
import { UserError } from '../../errors';
import { allPages } from '../../pagination';
import { AGENT_INSTALL_HINT, AgentMissingError } from './agent';
import { checkNoDefaultProfile } from './aws-profile-guard';
import type { ContainerContext } from './context';
import { authorizedKeysLines } from './keys';
import { writeSshdFiles } from './sshd-setup';

/** The activation code is a secret that can register a machine as this user's: keep its life short. */
const ACTIVATION_LIFETIME_MS = 3600_000;

/** What the managed instance is called, so `sm-ssh connect sm-<name>` reaches it. */
export function instanceName(ctx: ContainerContext): string {
  const { appType, resourceName, userProfileName } = ctx.identity;
  // Every user's JupyterServer app is called `default`: name it after the user instead.
  const raw =
    !resourceName || resourceName === 'default'
      ? `${userProfileName}-${(appType ?? 'app').toLowerCase()}`
      : resourceName;
  return raw.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
}

/** The `app` tag: app type and name, unique among one user's apps. */
const appTag = (ctx: ContainerContext): string =>
  `${ctx.identity.appType ?? 'app'}/${ctx.identity.resourceName ?? 'default'}`;

/** The managed instances registered for this app (the live one and any leftovers). */
export async function appInstances(ctx: ContainerContext): Promise<InstanceInformation[]> {
  const { userProfileName, domainId } = ctx.identity;
  return allPages(async (NextToken) => {
    const out = await ctx.clients.ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: `tag:${TAGS.owner}`, Values: [userProfileName] },
          { Key: `tag:${TAGS.domain}`, Values: [domainId] },
          { Key: `tag:${TAGS.app}`, Values: [appTag(ctx)] },
        ],
        MaxResults: 50,
        NextToken,
      }),
    );
    return { items: out.InstanceInformationList, nextToken: out.NextToken };
  });
}

/** The execution role's name (with its path) as CreateActivation wants it. */
export async function executionRoleName(ctx: ContainerContext): Promise<string> {
  const { domainId, userProfileName } = ctx.identity;
  const profile = await ctx.clients.sagemaker.send(
    new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: userProfileName }),
  );
  let arn = profile.UserSettings?.ExecutionRole;
  if (!arn) {
    const domain = await ctx.clients.sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }));
    arn = domain.DefaultUserSettings?.ExecutionRole;
  }
  const name = arn ? /:role\/(.+)$/.exec(arn)?.[1] : undefined;
  if (!name)
    throw new UserError(
      `neither user profile ${userProfileName} nor domain ${domainId} names an execution role`,
    );
  return name;
}

export interface ActivateResult {
  instanceId: string;
  name: string;
  /** Leftover registrations of this app that were removed first. */
  deregistered: string[];
  message: string;
}

export async function activate(ctx: ContainerContext): Promise<ActivateResult> {
  if (ctx.identity.spaceName !== null)
    throw new UserError(
      `this is an app of space ${ctx.identity.spaceName}: enable remote access for the space instead of activating`,
    );
  checkNoDefaultProfile(ctx);
  const agent = ctx.agent;
  if (!agent) throw new AgentMissingError(AGENT_INSTALL_HINT);
  const name = instanceName(ctx);
  const connect = `sm-ssh connect sm-${name}`;
  const existing = await appInstances(ctx);
  const online = existing.find((i) => i.PingStatus === 'Online');
  if (online?.InstanceId)
    return {
      instanceId: online.InstanceId,
      name,
      deregistered: [],
      message: `already active as ${online.InstanceId}: run \`${connect}\` on your laptop`,
    };
  const deregistered = await deregisterAll(ctx, existing);

  const { userProfileName, domainId, region } = ctx.identity;
  await writeSshdFiles(ctx.home, await authorizedKeysLines(ctx.clients.ssm, userProfileName), {
    sshKeygen: ctx.sshKeygen,
  });
  const activation = await ctx.clients.ssm.send(
    new CreateActivationCommand({
      Description: `studio-teams: ${userProfileName}'s ${appTag(ctx)}`,
      DefaultInstanceName: name,
      IamRole: await executionRoleName(ctx),
      RegistrationLimit: 1,
      ExpirationDate: new Date(Date.now() + ACTIVATION_LIFETIME_MS),
      Tags: [
        { Key: TAGS.owner, Value: userProfileName },
        { Key: TAGS.domain, Value: domainId },
        { Key: TAGS.user, Value: userProfileName },
        { Key: TAGS.app, Value: appTag(ctx) },
      ],
    }),
  );
  const { ActivationId: activationId, ActivationCode: activationCode } = activation;
  if (!activationId || !activationCode)
    throw new UserError('SSM created an activation without an id or code');
  // The activation allows one registration and expires within the hour: it is not kept anywhere.
  const { instanceId } = await agent.register({ activationId, activationCode, region, name });
  return {
    instanceId,
    name,
    deregistered,
    message: `registered as ${instanceId}: run \`${connect}\` on your laptop`,
  };
}

export interface DeactivateResult {
  deregistered: string[];
  message: string;
}

/** Stops the agent and deregisters every managed instance of this app: no stale `mi-*` is left. */
export async function deactivate(ctx: ContainerContext): Promise<DeactivateResult> {
  const instances = await appInstances(ctx);
  const deregistered = await deregisterAll(ctx, instances);
  return {
    deregistered,
    message:
      deregistered.length === 0
        ? 'this app was not activated; nothing to do'
        : `deregistered ${deregistered.join(', ')}; nobody can connect until you activate again`,
  };
}

async function deregisterAll(ctx: ContainerContext, instances: InstanceInformation[]): Promise<string[]> {
  const done: string[] = [];
  for (const { InstanceId: id } of instances) {
    if (!id) continue;
    await ctx.agent?.stop(id);
    try {
      await ctx.clients.ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: id }));
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'InvalidInstanceId') throw error;
    }
    done.push(id);
  }
  return done;
}
