/**
 * Getting a space ready for a connection: its app running, remote access on. Both take minutes on
 * AWS, so every wait reports progress and stops on Ctrl-C (what was asked of AWS keeps happening).
 */
import {
  type AppInstanceType,
  CreateAppCommand,
  DeleteAppCommand,
  DescribeAppCommand,
  type SageMakerClient,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import { UserError } from '../errors';
import { DEFAULT_APP_NAME } from '@studio-teams/schema/plain';
import { pollUntil, type PollOptions } from '../wait';
import type { ResolvedSpace } from './find-targets';
import type { SpaceAppStatus } from './targets';

export type SpaceAppProgress =
  | { phase: 'waiting-for-stop'; status: SpaceAppStatus }
  | { phase: 'starting'; status: SpaceAppStatus; elapsedMs: number }
  | { phase: 'stopping'; status: SpaceAppStatus; elapsedMs: number }
  | { phase: 'ready' };

export interface SpaceAppOptions extends PollOptions {
  onProgress?: (p: SpaceAppProgress) => void;
  /** For CreateApp; unset lets the space's default decide. */
  instanceType?: string | undefined;
}

interface AppRef {
  DomainId: string;
  SpaceName: string;
  AppType: 'JupyterLab' | 'CodeEditor';
  AppName: string;
}

function appRef(space: ResolvedSpace): AppRef {
  if (space.appType !== 'JupyterLab' && space.appType !== 'CodeEditor') {
    throw new UserError(`space ${space.spaceName} has no JupyterLab or Code Editor app to start`);
  }
  return {
    DomainId: space.domainId,
    SpaceName: space.spaceName,
    AppType: space.appType,
    AppName: space.appName ?? DEFAULT_APP_NAME,
  };
}

/** The app's status, Stopped when it is gone. */
async function appStatus(
  sagemaker: SageMakerClient,
  ref: AppRef,
): Promise<{ status: SpaceAppStatus; reason?: string }> {
  try {
    const out = await sagemaker.send(new DescribeAppCommand(ref));
    const status = out.Status;
    if (status === 'InService' || status === 'Pending' || status === 'Deleting' || status === 'Failed') {
      return { status, ...(out.FailureReason ? { reason: out.FailureReason } : {}) };
    }
    return { status: 'Stopped' };
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFound') return { status: 'Stopped' };
    throw err;
  }
}

/**
 * Starts the space's app unless it runs, and waits until it is InService. An app that is still
 * stopping is waited for first (AWS refuses to create it again before), and a Failed one is replaced.
 */
export async function ensureSpaceAppRunning(
  sagemaker: SageMakerClient,
  space: ResolvedSpace,
  opts: SpaceAppOptions = {},
): Promise<void> {
  const ref = appRef(space);
  const started = Date.now();
  let { status } = await appStatus(sagemaker, ref);
  if (status === 'Deleting') {
    opts.onProgress?.({ phase: 'waiting-for-stop', status });
    status = await pollUntil(
      `the app of space ${space.spaceName} to finish stopping`,
      async () => {
        const now = await appStatus(sagemaker, ref);
        return now.status === 'Deleting' ? undefined : now.status;
      },
      opts,
    );
  }
  if (status === 'Stopped' || status === 'Failed') {
    await sagemaker.send(
      new CreateAppCommand({
        ...ref,
        ...(opts.instanceType
          ? { ResourceSpec: { InstanceType: opts.instanceType as AppInstanceType } }
          : {}),
      }),
    );
    status = 'Pending';
  }
  await pollUntil(
    `the app of space ${space.spaceName} to start`,
    async () => {
      const now = await appStatus(sagemaker, ref);
      if (now.status === 'InService') return true;
      if (now.status === 'Failed') {
        throw new UserError(
          `the app of space ${space.spaceName} failed to start: ${now.reason ?? 'no reason given'}`,
        );
      }
      if (now.status === 'Stopped' || now.status === 'Deleting') {
        throw new UserError(`the app of space ${space.spaceName} was stopped while it was starting`);
      }
      opts.onProgress?.({ phase: 'starting', status: now.status, elapsedMs: Date.now() - started });
      return undefined;
    },
    opts,
  );
  opts.onProgress?.({ phase: 'ready' });
}

/** Stops the space's app and waits until it is gone (to restart it with new settings). */
export async function stopSpaceApp(
  sagemaker: SageMakerClient,
  space: ResolvedSpace,
  opts: SpaceAppOptions = {},
): Promise<void> {
  const ref = appRef(space);
  const started = Date.now();
  // A starting app cannot be deleted: let it finish first.
  const settled = await pollUntil(
    `the app of space ${space.spaceName} to finish starting`,
    async () => {
      const now = await appStatus(sagemaker, ref);
      if (now.status === 'Pending') {
        opts.onProgress?.({ phase: 'starting', status: now.status, elapsedMs: Date.now() - started });
        return undefined;
      }
      return now.status;
    },
    opts,
  );
  if (settled === 'InService') await sagemaker.send(new DeleteAppCommand(ref));
  if (settled === 'Stopped' || settled === 'Failed') return;
  await pollUntil(
    `the app of space ${space.spaceName} to stop`,
    async () => {
      const now = await appStatus(sagemaker, ref);
      if (now.status === 'Stopped' || now.status === 'Failed') return true;
      opts.onProgress?.({ phase: 'stopping', status: now.status, elapsedMs: Date.now() - started });
      return undefined;
    },
    opts,
  );
}

/** Turns on RemoteAccess for the space; a running app only picks it up when it starts again. */
export async function enableRemoteAccess(sagemaker: SageMakerClient, space: ResolvedSpace): Promise<void> {
  await sagemaker.send(
    new UpdateSpaceCommand({
      DomainId: space.domainId,
      SpaceName: space.spaceName,
      SpaceSettings: { RemoteAccess: 'ENABLED' },
    }),
  );
}

/** The command that turns remote access on, for people who would rather run it themselves. */
export function enableRemoteAccessCommand(space: Pick<ResolvedSpace, 'domainId' | 'spaceName'>): string {
  return (
    `aws sagemaker update-space --domain-id ${space.domainId} --space-name ${space.spaceName} ` +
    `--space-settings RemoteAccess=ENABLED`
  );
}
