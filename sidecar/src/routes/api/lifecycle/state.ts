import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import {
  LIFECYCLE_FILES,
  LifecycleSummary,
  OnStartResult,
  type LifecycleStatus,
  type LifecycleStep,
} from '@studio-teams/schema';

/** At most this many lines of `~/.on_start`'s output reach the panel, from at most this many bytes. */
const LOG_TAIL_LINES = 20;
const LOG_TAIL_BYTES = 16 * 1024;

/** Where the lifecycle scripts leave their files: `$XDG_STATE_HOME/studio-teams`, else `~/.local/state/studio-teams`. */
export function lifecycleStateDir(env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(stateHome, 'studio-teams');
}

type Reading<T> = { kind: 'absent' } | { kind: 'unreadable'; why: string } | { kind: 'ok'; value: T };

async function readJson<T>(file: string, check: (v: unknown) => v is T): Promise<Reading<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unreadable', why: `cannot read it (${code})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', why: 'it is not JSON' };
  }
  return check(value) ? { kind: 'ok', value } : { kind: 'unreadable', why: 'it is not a lifecycle summary' };
}

/** The last lines of a log, read from its end only (a chatty ~/.on_start may write megabytes). */
async function tail(file: string): Promise<string[] | null> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift(); // a partial first line
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-LOG_TAIL_LINES);
  } finally {
    await handle.close();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function messageFor(summary: LifecycleSummary, failed: LifecycleStep[]): string {
  const when = `The last start (${summary.script}, ${summary.startedAt.replace('T', ' ').slice(0, 16)} UTC)`;
  if (failed.length > 0) {
    const names = failed.map((s) => s.name).join(', ');
    return `${when} had ${failed.length} failed step${failed.length === 1 ? '' : 's'}: ${names}. The app started all the same.`;
  }
  const changed = summary.steps.filter((s) => s.status === 'changed').length;
  return `${when} took ${seconds(summary.durationMs)}: ${changed === 0 ? 'nothing to change' : `${changed} step${changed === 1 ? '' : 's'} changed`}, no failures.`;
}

/** What the panel shows of the last start, from the files the lifecycle scripts wrote. */
export async function readLifecycleStatus(stateDir: string): Promise<LifecycleStatus> {
  const summaryFile = path.join(stateDir, LIFECYCLE_FILES.summary);
  const [summary, result, logTail] = await Promise.all([
    readJson(summaryFile, (v): v is LifecycleSummary => Value.Check(LifecycleSummary, v)),
    readJson(path.join(stateDir, LIFECYCLE_FILES.onStartResult), (v): v is OnStartResult =>
      Value.Check(OnStartResult, v),
    ),
    tail(path.join(stateDir, LIFECYCLE_FILES.onStartLog)),
  ]);
  const onStart =
    logTail === null && result.kind !== 'ok'
      ? null
      : { result: result.kind === 'ok' ? result.value : null, logTail: logTail ?? [] };
  if (summary.kind !== 'ok') {
    return {
      summary: null,
      failed: [],
      message:
        summary.kind === 'absent'
          ? 'No start recorded: the Studio for Teams lifecycle config did not run in this app.'
          : `The last start's summary ${summaryFile} is unreadable: ${summary.why}.`,
      onStart,
    };
  }
  const failed = summary.value.steps.filter((s) => s.status === 'failed');
  return { summary: summary.value, failed, message: messageFor(summary.value, failed), onStart };
}
