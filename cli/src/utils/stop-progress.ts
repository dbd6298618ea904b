import type { StopProgress, StopResult } from '@studio-teams/core';
import { loadCore } from './core';
import type { CliIo } from './io';
import type { Spinner } from './spinner';

type App = StopResult['stopped'][number];

const label = (a: App): string => `${a.SpaceName ? `${a.SpaceName}/` : ''}${a.AppType} ${a.AppName}`;
const names = (apps: App[]): string => apps.map(label).join(', ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Spinner text for each stage of stopping apps. */
export function stopProgress(spinner: Spinner): (p: StopProgress) => void {
  return (p) => {
    switch (p.phase) {
      case 'pending':
        spinner.update(
          `waiting for ${plural(p.pending.length, 'app')} to finish starting: ${names(p.pending)}`,
        );
        break;
      case 'deleting':
        spinner.update(`waiting for ${plural(p.deleting.length, 'app')} to stop: ${names(p.deleting)}`);
        break;
      case 'deleted':
        break;
    }
  };
}

/** The summary of `down` / `down-all`; failures make the command fail (exit 1) after the summary. */
export function reportStopResult(
  io: CliIo,
  result: StopResult,
  opts: { waited: boolean; keptHint?: string },
): void {
  const { stopped, kept, failed } = result;
  if (stopped.length === 0 && failed.length === 0) {
    io.stdout.write('No running apps to stop\n');
  } else if (stopped.length > 0) {
    io.stdout.write(
      `${opts.waited ? 'Stopped' : 'Asked to stop'} ${plural(stopped.length, 'app')}: ${names(stopped)}\n`,
    );
  }
  for (const app of kept) io.stdout.write(`Kept ${label(app)}${opts.keptHint ?? ''}\n`);
  if (failed.length > 0) {
    const { UserError, describeAwsError } = loadCore();
    for (const f of failed)
      io.stderr.write(`could not stop ${label(f.app)}: ${describeAwsError(f.error).message}\n`);
    throw new UserError(`${plural(failed.length, 'app')} could not be stopped`);
  }
}
