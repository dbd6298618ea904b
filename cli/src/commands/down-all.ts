import { Command } from 'commander';
import type { CliIo } from '../utils/io';
import { confirm, ensureCanAsk } from '../utils/prompt';
import { checkNames, type GlobalOptions, openSession, type RunState } from '../utils/session';
import { createSpinner } from '../utils/spinner';
import { reportStopResult, stopProgress } from '../utils/stop-progress';

interface DownAllOptions {
  yes?: boolean;
  wait: boolean;
}

export function downAllCommand(io: CliIo, state: RunState): Command {
  return new Command('down-all')
    .description('Stop every app of every user and space in the domain, JupyterServer included (admins)')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--no-wait', 'return once AWS accepted the requests, without waiting for the apps to stop')
    .addHelpText(
      'after',
      `
Asks y/n first. Without a terminal (scripts, CI) it refuses unless --yes is given.

Examples:
  $ sm-studio down-all
  $ sm-studio down-all --yes --no-wait`,
    )
    .action(async (opts: DownAllOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      if (!opts.yes) ensureCanAsk(io, 'stop every app in the domain');
      const { core, ctx } = await openSession(io, global, state);
      if (!opts.yes) {
        const live = (await core.listApps(ctx.clients.sagemaker, ctx.domain.id)).filter(core.isLive);
        if (live.length === 0) {
          io.stdout.write('No running apps to stop\n');
          return;
        }
        const ok = await confirm(
          io,
          `Stop all ${live.length} running apps of every user and space in ${ctx.domain.name} (${ctx.domain.region})?`,
          'stop every app in the domain',
        );
        if (!ok) {
          io.stderr.write('nothing stopped\n');
          return;
        }
      }
      const spinner = createSpinner(io.stderr, Boolean(io.isTTY));
      try {
        const result = await core.downAll(ctx, {
          waitUntilDeleted: opts.wait,
          signal: io.signal,
          onProgress: stopProgress(spinner),
        });
        spinner.stop();
        reportStopResult(io, result, { waited: opts.wait });
      } finally {
        spinner.stop();
      }
    });
}
