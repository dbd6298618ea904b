import type { App } from './store';

export type AppStatus = 'Pending' | 'InService' | 'Deleting' | 'Deleted' | 'Failed';

/**
 * Computed from timestamps whenever it is read: no timers to cancel, and a fake clock moves every app
 * through Pending -> InService and Deleting -> Deleted exactly as it moves time.
 */
export function appStatus(app: App, now: number, deletingMs: number): AppStatus {
  if (app.deleteRequestedAt !== undefined) {
    return now - app.deleteRequestedAt >= deletingMs ? 'Deleted' : 'Deleting';
  }
  if (app.failed) return 'Failed';
  return now >= app.readyAt ? 'InService' : 'Pending';
}

/** Apps in these states hold no instance: their space may be deleted and their name reused. */
export const isGone = (status: AppStatus): boolean => status === 'Deleted' || status === 'Failed';
