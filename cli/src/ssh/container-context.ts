import type { sshContainer } from '@studio-teams/core';
import { loadCore } from '../utils/core';
import type { RunState } from '../utils/session';
import type { SshCliIo } from './io';

/**
 * The container commands act for the container they run in: its Studio metadata (refusing outside
 * Studio), its own credentials and region, and its agent. Built by core, as the sidecar's route does.
 */
export async function openContainer(io: SshCliIo, state: RunState): Promise<sshContainer.ContainerContext> {
  const core = loadCore();
  const ctx = await core.sshContainer.contextFromEnvironment(io.env);
  state.settings = core.resolveAwsSettings({ env: io.env, region: ctx.identity.region });
  return ctx;
}

/** Lines every container command starts with, so a terminal shows which app it acts on. */
export function describeContainer(ctx: sshContainer.ContainerContext): string {
  const { identity } = ctx;
  const what = identity.spaceName
    ? `space ${identity.spaceName}`
    : `${identity.appType ?? 'app'} ${identity.resourceName ?? 'default'}`;
  return `${what} of ${identity.userProfileName} in domain ${identity.domainId} (${identity.region})`;
}
