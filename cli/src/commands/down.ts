import { Command } from 'commander';
import type { CliIo } from '../utils/io';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../utils/session';
import { reportStopResult, stopProgress } from '../utils/stop-progress';
import { createSpinner } from '../utils/spinner';

interface DownOptions {
  space?: string;
  includeJupyter?: boolean;
  wait: boolean;
}

export function downCommand(io: CliIo, state: RunState): Command {
  return new Command('down')
    .description("Stop your running apps (or a space's), waiting for starting ones first")
    .option('--space <name>', "stop this space's apps instead of your own")
    .option('--include-jupyter', 'also stop the JupyterServer app (the classic Studio UI itself)')
    .option('--no-wait', 'return once AWS accepted the requests, without waiting for the apps to stop')
    .addHelpText(
      'after',
      `
Apps that are still starting (Pending) cannot be stopped: down waits for them, then stops every
running app. The JupyterServer app costs nothing and is kept unless --include-jupyter.

Examples:
  $ sm-studio down
  $ sm-studio down --space team-x
  $ sm-studio down --include-jupyter --no-wait`,
    )
    .action(async (opts: DownOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global, [['space', opts.space]]);
      const { core, ctx, userProfileName } = await openUserSession(io, global, state);
      const spinner = createSpinner(io.stderr, Boolean(io.isTTY));
      try {
        const result = await core.down(ctx, {
          scope: opts.space ? { kind: 'space', name: opts.space } : { kind: 'user', name: userProfileName },
          includeJupyterServer: Boolean(opts.includeJupyter),
          waitUntilDeleted: opts.wait,
          signal: io.signal,
          onProgress: stopProgress(spinner),
        });
        spinner.stop();
        reportStopResult(io, result, {
          waited: opts.wait,
          keptHint: '; pass --include-jupyter to stop it too',
        });
      } finally {
        spinner.stop();
      }
    });
}
