import type { LifecycleStatus, LifecycleStepStatus, OnStartResult } from '@studio-teams/schema';

/** Words for the panel's "Last start" section, apart from the widget so they can be tested without a page. */

/** none: no start recorded (the local Studio, an app without the lifecycle config). */
export type Tone = 'ok' | 'warn' | 'error' | 'none';

/** The section's one line: how the last start went, with a tone for its colour. */
export function headline(status: LifecycleStatus): { text: string; tone: Tone } {
  if (status.failed.length > 0) return { text: status.message, tone: 'error' };
  if (status.summary === null) return { text: status.message, tone: 'none' };
  const onStart = status.onStart?.result;
  if (onStart && onStart.exitCode !== 0) return { text: status.message, tone: 'warn' };
  return { text: status.message, tone: 'ok' };
}

export const STEP_LABELS: Record<LifecycleStepStatus, string> = {
  ok: 'ok',
  changed: 'updated',
  skipped: 'skipped',
  failed: 'failed',
};

/** `~/.on_start` in words: running, finished, failed or stopped at its time box. */
export function onStartText(result: OnStartResult | null): string {
  if (result === null) return '~/.on_start is running (or was stopped with the app).';
  const seconds = Math.max(
    0,
    Math.round((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000),
  );
  if (result.timedOut) return `~/.on_start was stopped after ${seconds} s: it ran past its time limit.`;
  if (result.exitCode !== 0)
    return `~/.on_start failed with exit code ${result.exitCode} after ${seconds} s.`;
  return `~/.on_start finished in ${seconds} s.`;
}
