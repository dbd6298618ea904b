import {
  type AppDetails,
  DeleteAppCommand,
  ListAppsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { forEachLimited } from './concurrency';
import { allPages, PAGE_SIZE } from './pagination';
import { pollUntil, type PollOptions } from './wait';

/** Whose apps: one user's own (not their spaces'), one space's, or the whole domain's. */
export type AppScope = { kind: 'user'; name: string } | { kind: 'space'; name: string } | { kind: 'domain' };

/** The app states that hold an instance (and cost money). */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(['Pending', 'InService']);
export const isLive = (app: AppDetails): boolean => LIVE_STATUSES.has(app.Status ?? '');

export function inScope(app: AppDetails, scope: AppScope): boolean {
  switch (scope.kind) {
    case 'user':
      return !app.SpaceName && app.UserProfileName === scope.name;
    case 'space':
      return app.SpaceName === scope.name;
    case 'domain':
      return true;
  }
}

/**
 * Every app in the scope with one paged ListApps (100 per page) — never one call per user: a domain
 * of 500 users and 1,000 apps is 10 calls, not 1,000.
 */
export async function listApps(
  sagemaker: SageMakerClient,
  domainId: string,
  scope: AppScope = { kind: 'domain' },
): Promise<AppDetails[]> {
  const filter =
    scope.kind === 'user'
      ? { UserProfileNameEquals: scope.name }
      : scope.kind === 'space'
        ? { SpaceNameEquals: scope.name }
        : {};
  const apps = await allPages(async (NextToken) => {
    const out = await sagemaker.send(
      new ListAppsCommand({ DomainIdEquals: domainId, MaxResults: PAGE_SIZE, NextToken, ...filter }),
    );
    return { items: out.Apps, nextToken: out.NextToken };
  });
  // The filter is applied here too, so a user's own apps never include apps of spaces they are in.
  return apps.filter((a) => inScope(a, scope));
}

/** Identity of an app as DeleteApp and DescribeApp want it. */
export const appKey = (a: AppDetails): string =>
  [a.DomainId, a.SpaceName ? `space/${a.SpaceName}` : `user/${a.UserProfileName}`, a.AppType, a.AppName].join(
    ' ',
  );

export async function deleteApp(sagemaker: SageMakerClient, app: AppDetails): Promise<void> {
  await sagemaker.send(
    new DeleteAppCommand({
      DomainId: app.DomainId,
      AppType: app.AppType,
      AppName: app.AppName,
      ...(app.SpaceName ? { SpaceName: app.SpaceName } : { UserProfileName: app.UserProfileName }),
    }),
  );
}

/** DeleteApp calls in flight at once. */
export const DELETE_CONCURRENCY = 8;

export type StopProgress =
  | { phase: 'pending'; pending: AppDetails[] }
  | { phase: 'deleting'; deleting: AppDetails[] }
  | { phase: 'deleted'; app: AppDetails };

export interface StopOptions extends PollOptions {
  /** The classic JupyterServer app is the user's Studio UI and costs nothing: kept unless asked. */
  includeJupyterServer?: boolean;
  /** Wait until every app asked to stop reports Deleted. */
  waitUntilDeleted?: boolean;
  onProgress?: (p: StopProgress) => void;
}

export interface StopResult {
  /** Apps DeleteApp was called for. */
  stopped: AppDetails[];
  /** Apps kept on purpose (JupyterServer without --include-jupyter). */
  kept: AppDetails[];
  failed: { app: AppDetails; error: unknown }[];
}

/**
 * `down`: waits while any app in scope is Pending (AWS refuses to delete a starting app), then asks
 * every InService one to stop, optionally waiting until they are Deleted. One failing app does not
 * stop the others; failures are returned.
 */
export async function stopApps(
  sagemaker: SageMakerClient,
  domainId: string,
  scope: AppScope,
  opts: StopOptions = {},
): Promise<StopResult> {
  const wanted = (a: AppDetails) => opts.includeJupyterServer || a.AppType !== 'JupyterServer';
  const settled = await pollUntil(
    'apps to finish starting',
    async () => {
      const live = (await listApps(sagemaker, domainId, scope)).filter(isLive);
      const pending = live.filter((a) => a.Status === 'Pending' && wanted(a));
      if (pending.length === 0) return live;
      opts.onProgress?.({ phase: 'pending', pending });
      return undefined;
    },
    opts,
  );
  const toStop = settled.filter((a) => a.Status === 'InService' && wanted(a));
  const kept = settled.filter((a) => !wanted(a));
  const failed: StopResult['failed'] = [];
  const stopped: AppDetails[] = [];
  await forEachLimited(toStop, DELETE_CONCURRENCY, async (app) => {
    try {
      await deleteApp(sagemaker, app);
      stopped.push(app);
    } catch (error) {
      failed.push({ app, error });
    }
  });
  if (opts.waitUntilDeleted && stopped.length > 0) {
    await waitUntilDeleted(sagemaker, domainId, scope, stopped, opts);
  }
  return { stopped, kept, failed };
}

/** Polls until none of `apps` is still live or Deleting (an app that vanished counts as deleted). */
export async function waitUntilDeleted(
  sagemaker: SageMakerClient,
  domainId: string,
  scope: AppScope,
  apps: AppDetails[],
  opts: StopOptions = {},
): Promise<void> {
  // The creation time tells a stopped app from its successor of the same name (Studio restarts
  // `default` apps when a browser tab is still open).
  const instanceKey = (a: AppDetails) => `${appKey(a)} ${a.CreationTime?.getTime() ?? ''}`;
  const waitingFor = new Set(apps.map(instanceKey));
  await pollUntil(
    'apps to stop',
    async () => {
      const current = new Map((await listApps(sagemaker, domainId, scope)).map((a) => [instanceKey(a), a]));
      const remaining: AppDetails[] = [];
      for (const key of [...waitingFor]) {
        const app = current.get(key);
        if (!app || app.Status === 'Deleted' || app.Status === 'Failed') {
          waitingFor.delete(key);
          const done = app ?? apps.find((a) => instanceKey(a) === key);
          if (done) opts.onProgress?.({ phase: 'deleted', app: done });
        } else {
          remaining.push(app);
        }
      }
      if (remaining.length === 0) return true;
      opts.onProgress?.({ phase: 'deleting', deleting: remaining });
      return undefined;
    },
    opts,
  );
}
