import { sshPublicKeysParameter, type SshAction, type SshStatus } from '@studio-teams/schema';
import { appInstances, instanceName } from './activation';
import { AGENT_INSTALL_HINT } from './agent';
import type { ContainerContext } from './context';
import { readAuthorisedKeys, removeKeyFromParameter } from './keys';
import { spaceRemoteAccess } from './space';
import { sshdConfigured } from './sshd-setup';

/** Where SSH into this container stands, and which action applies now. */
export async function status(ctx: ContainerContext): Promise<SshStatus> {
  const { userProfileName } = ctx.identity;
  const keysParameter = sshPublicKeysParameter(userProfileName);
  const keysPromise = readAuthorisedKeys(ctx.clients.ssm, userProfileName);
  const noKeys = (keys: unknown[]) =>
    keys.length === 0 ? ` No key is authorised yet: run \`npx sm-ssh init\` on your laptop.` : '';

  if (ctx.identity.spaceName !== null) {
    const [space, keys] = await Promise.all([spaceRemoteAccess(ctx), keysPromise]);
    const host = `sm-${space.name}`;
    const connectCommand = `sm-ssh connect ${host}`;
    const base = { mode: 'space' as const, host, connectCommand, classic: null, space, keysParameter, keys };
    if (!space.remoteAccess)
      return {
        ...base,
        state: 'off',
        actions: ['enable-remote-access'],
        message: `Remote access is off for space ${space.name}. Enabling it needs a restart of the space's app.`,
      };
    if (space.appPickedUp === false)
      return {
        ...base,
        state: 'restart-needed',
        actions: [],
        message: `Remote access is enabled, but this app started before: stop and start the space's app, then connect.${noKeys(keys)}`,
      };
    return {
      ...base,
      state: 'ready',
      actions: [],
      message: `Run \`${connectCommand}\` on your laptop.${noKeys(keys)}`,
    };
  }

  const [instances, keys, configured] = await Promise.all([
    appInstances(ctx),
    keysPromise,
    sshdConfigured(ctx.home),
  ]);
  const name = instanceName(ctx);
  const host = `sm-${name}`;
  const connectCommand = `sm-ssh connect ${host}`;
  const agentAvailable = ctx.agent !== undefined;
  const classic = {
    sshdConfigured: configured,
    agentAvailable,
    agentInstallHint: agentAvailable ? null : AGENT_INSTALL_HINT,
    instances: instances.map((i) => ({
      instanceId: i.InstanceId ?? '',
      name: i.Name ?? '',
      pingStatus: i.PingStatus ?? 'Unknown',
    })),
  };
  const base = { mode: 'classic' as const, host, connectCommand, space: null, classic, keysParameter, keys };
  const online = instances.find((i) => i.PingStatus === 'Online');
  if (online)
    return {
      ...base,
      state: 'ready',
      actions: ['deactivate'],
      message: `Active as ${online.InstanceId}: run \`${connectCommand}\` on your laptop.${noKeys(keys)}`,
    };
  if (instances.length > 0) {
    const actions: SshAction[] = agentAvailable ? ['activate', 'deactivate'] : ['deactivate'];
    return {
      ...base,
      state: 'starting',
      actions,
      message:
        `Registered as ${instances.map((i) => i.InstanceId).join(', ')}, but its agent is not online ` +
        `(${instances[0]?.PingStatus ?? 'unknown'}). Activate again to replace it, or deactivate.`,
    };
  }
  return {
    ...base,
    state: 'off',
    actions: agentAvailable ? ['activate'] : [],
    message: agentAvailable
      ? 'SSH is off for this app. Activating registers it with SSM so your laptop can connect by name.'
      : `SSH is off for this app, and ${AGENT_INSTALL_HINT}.`,
  };
}

/** Removes one key from the user's parameter; every container stops accepting it at its next session. */
export async function removeKey(ctx: ContainerContext, fingerprint: string) {
  const removed = await removeKeyFromParameter(ctx.clients.ssm, ctx.identity.userProfileName, fingerprint);
  const keys = await readAuthorisedKeys(ctx.clients.ssm, ctx.identity.userProfileName);
  return { removed, keys };
}
