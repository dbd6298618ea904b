/** New Studio: SageMaker's own remote access (2025), switched on per space; no agent, no activation. */
import { DescribeAppCommand, DescribeSpaceCommand, UpdateSpaceCommand } from '@aws-sdk/client-sagemaker';
import { UserError } from '../../errors';
import type { ContainerContext } from './context';

export interface SpaceRemoteAccess {
  name: string;
  remoteAccess: boolean;
  /** Whether the running app started after the setting; null when this app cannot be found. */
  appPickedUp: boolean | null;
}

export function spaceOf(ctx: ContainerContext): string {
  const space = ctx.identity.spaceName;
  if (space === null)
    throw new NotASpaceError(
      'this is a classic app, not a space: remote access is per space; activate the container instead',
    );
  return space;
}

export async function spaceRemoteAccess(ctx: ContainerContext): Promise<SpaceRemoteAccess> {
  const name = spaceOf(ctx);
  const { domainId, appType, resourceName } = ctx.identity;
  const space = await ctx.clients.sagemaker.send(
    new DescribeSpaceCommand({ DomainId: domainId, SpaceName: name }),
  );
  const remoteAccess = space.SpaceSettings?.RemoteAccess === 'ENABLED';
  let appPickedUp: boolean | null = null;
  if (remoteAccess && appType && resourceName) {
    try {
      const app = await ctx.clients.sagemaker.send(
        new DescribeAppCommand({
          DomainId: domainId,
          SpaceName: name,
          AppType: appType as never,
          AppName: resourceName,
        }),
      );
      // AWS does not say which settings an app started with: an app created after the space's last
      // change has them; one created before may not (the change may have been this one).
      const created = app.CreationTime?.getTime();
      const modified = space.LastModifiedTime?.getTime();
      appPickedUp = created !== undefined && modified !== undefined ? created > modified : null;
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'ResourceNotFound') throw error;
    }
  }
  return { name, remoteAccess, appPickedUp };
}

export interface EnableResult {
  /** False when it was already enabled and nothing was changed. */
  changed: boolean;
  restartNeeded: boolean;
  message: string;
}

/** UpdateSpace RemoteAccess=ENABLED. The running app keeps the setting it started with: it must restart. */
export async function enableRemoteAccess(ctx: ContainerContext): Promise<EnableResult> {
  const before = await spaceRemoteAccess(ctx);
  const connect = `sm-ssh connect sm-${before.name}`;
  if (before.remoteAccess) {
    const restartNeeded = before.appPickedUp !== true;
    return {
      changed: false,
      restartNeeded,
      message: restartNeeded
        ? `remote access is already enabled for space ${before.name}; restart its app to pick it up, then run \`${connect}\``
        : `remote access is already enabled for space ${before.name}: run \`${connect}\` on your laptop`,
    };
  }
  await ctx.clients.sagemaker.send(
    new UpdateSpaceCommand({
      DomainId: ctx.identity.domainId,
      SpaceName: before.name,
      SpaceSettings: { RemoteAccess: 'ENABLED' },
    }),
  );
  return {
    changed: true,
    restartNeeded: true,
    message:
      `remote access is enabled for space ${before.name}; the running app keeps its old settings, so ` +
      `stop and start the space's app (save your work first), then run \`${connect}\` on your laptop`,
  };
}

export class NotASpaceError extends UserError {}
