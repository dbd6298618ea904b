import { Type, type Static } from '@sinclair/typebox';

/**
 * What the lifecycle scripts leave behind about the last app start, and what the sidecar serves of
 * it (`GET /api/lifecycle`, the panel's lifecycle line). The scripts write the files under
 * `$XDG_STATE_HOME/studio-teams/` (`~/.local/state/studio-teams/` without it).
 */

/** The state folder's file names; the scripts (bash) spell the same names. */
export const LIFECYCLE_FILES = {
  /** {@link LifecycleSummary} of the last start. */
  summary: 'last-start.json',
  /** The last start's full log (also on stdout, which Studio sends to CloudWatch). */
  log: 'last-start.log',
  /** {@link OnStartResult} of the last `~/.on_start` run, written when it ends. */
  onStartResult: 'on-start.json',
  /** The output of the last `~/.on_start` run. */
  onStartLog: 'on-start.log',
} as const;

/**
 * ok: already as wanted, nothing done; changed: the step changed something; skipped: does not apply
 * here or its part is not installed (the message says which); failed: it did not work (timed out
 * included), the app started all the same.
 */
export const LifecycleStepStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('changed'),
  Type.Literal('skipped'),
  Type.Literal('failed'),
]);
export type LifecycleStepStatus = Static<typeof LifecycleStepStatus>;

export const LifecycleStep = Type.Object({
  /** e.g. `wheel`, `node`, `token`, `git-auth`, `kernels`, `direnv`, `allow-hidden`, `on-start`. */
  name: Type.String(),
  status: LifecycleStepStatus,
  /** One line for people: what was done, or why it failed. */
  message: Type.String(),
  durationMs: Type.Integer({ minimum: 0 }),
});
export type LifecycleStep = Static<typeof LifecycleStep>;

/** `last-start.json`. */
export const LifecycleSummary = Type.Object({
  /** Which script ran: `jupyterlab`, `jupyter-server`, `kernel-gateway` or `code-editor`. */
  script: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Integer({ minimum: 0 }),
  /** The artifacts version installed or found, when the manifest could be read. */
  version: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(LifecycleStep),
});
export type LifecycleSummary = Static<typeof LifecycleSummary>;

/** `on-start.json`: written by the background runner when `~/.on_start` ends or is stopped. */
export const OnStartResult = Type.Object({
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  /** The exit code; 124 when the time box stopped it. */
  exitCode: Type.Integer(),
  timedOut: Type.Boolean(),
});
export type OnStartResult = Static<typeof OnStartResult>;

/** `GET /api/lifecycle`. */
export const LifecycleStatus = Type.Object({
  /** null when no start was recorded in this home (the lifecycle config is not attached). */
  summary: Type.Union([LifecycleSummary, Type.Null()]),
  /** The steps that failed in that start, in order (empty when none did). */
  failed: Type.Array(LifecycleStep),
  /** One line for the panel: how the last start went. */
  message: Type.String(),
  onStart: Type.Union([
    Type.Object({
      /** null while `~/.on_start` still runs (or when its runner was killed). */
      result: Type.Union([OnStartResult, Type.Null()]),
      /** The last lines of its output, at most 20. */
      logTail: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
});
export type LifecycleStatus = Static<typeof LifecycleStatus>;
