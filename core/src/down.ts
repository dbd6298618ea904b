import { type AppScope, stopApps, type StopOptions, type StopResult } from './apps';
import type { StudioContext } from './context';

export interface DownRequest extends Omit<StopOptions, 'includeJupyterServer'> {
  /** The user's own apps, or one space's. */
  scope: Extract<AppScope, { kind: 'user' | 'space' }>;
  includeJupyterServer?: boolean | undefined;
}

/** `down`: stops the running apps of a user or a space, keeping JupyterServer unless asked. */
export function down(ctx: StudioContext, req: DownRequest): Promise<StopResult> {
  return stopApps(ctx.clients.sagemaker, ctx.domain.id, req.scope, req);
}

/** `down-all`: stops every app of every user and space in the domain, JupyterServer included. */
export function downAll(
  ctx: StudioContext,
  opts: Omit<StopOptions, 'includeJupyterServer'> = {},
): Promise<StopResult> {
  return stopApps(
    ctx.clients.sagemaker,
    ctx.domain.id,
    { kind: 'domain' },
    { ...opts, includeJupyterServer: true },
  );
}
