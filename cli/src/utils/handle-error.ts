import { CommanderError } from 'commander';
import { loadSshProxyCore } from './core';
import type { CliIo } from './io';
import type { RunState } from './session';

/**
 * The one place failures become output and an exit code: a single line on stderr (the stack only
 * with --debug or DEBUG=sm-studio). Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
 */
export function handleError(err: unknown, io: CliIo, state: RunState): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help) through our output configuration.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
      return 0;
    return 2;
  }
  // The narrow entry has it too: a failing `sm-ssh proxy` then never loads the rest of core.
  const { describeAwsError } = loadSshProxyCore();
  const settings = state.settings;
  const userError = describeAwsError(
    err,
    settings
      ? { profile: settings.profile, region: settings.region, credentialSource: settings.credentialSource }
      : {},
  );
  io.stderr.write(`error: ${userError.message}\n`);
  if (state.debug) {
    const stack = err instanceof Error ? err.stack : undefined;
    if (stack) io.stderr.write(`${stack}\n`);
  }
  return userError.exitCode;
}
