import { Command } from 'commander';
import type { CliIo } from '../utils/io';
import { appTable, printJson, totalsLine } from '../utils/output';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../utils/session';

interface StatusOptions {
  space?: string;
  all?: boolean;
  json?: boolean;
}

export function statusCommand(io: CliIo, state: RunState): Command {
  return new Command('status')
    .description('Your running apps with instance type, uptime, price per hour and cost so far')
    .option('--space <name>', "a space's apps instead of your own")
    .option('--all', 'your apps and the apps of the spaces you own')
    .option('--json', 'print the StatusReport JSON (schema/src/status.ts) instead of a table')
    .addHelpText(
      'after',
      `
STANDING says when an app nears or passes the long-running limit (t3: 5 days, others: 1 day).
A price the table does not know is shown as "unknown", never as $0.

Examples:
  $ sm-studio status
  $ sm-studio status --all
  $ sm-studio status --space team-x --json`,
    )
    .action(async (opts: StatusOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global, [['space', opts.space]]);
      const { core, ctx, userProfileName } = await openUserSession(io, global, state);
      const report = await core.statusReport(ctx, {
        userProfileName,
        spaceName: opts.space,
        includeOwnedSpaces: Boolean(opts.all) && !opts.space,
      });
      if (opts.json) return printJson(io.stdout, report);
      const who = opts.space
        ? `space ${opts.space}`
        : opts.all
          ? `${userProfileName} and their spaces`
          : userProfileName;
      io.stdout.write(`${who} in ${report.domain.name} (${report.domain.region})\n`);
      if (report.apps.length === 0) {
        io.stdout.write('No running apps\n');
        return;
      }
      const own = report.apps.filter((a) => a.owner.kind === 'user');
      const spaces = [
        ...new Set(report.apps.filter((a) => a.owner.kind === 'space').map((a) => a.owner.name)),
      ];
      if (own.length > 0) io.stdout.write(appTable(own));
      for (const space of spaces) {
        if (!opts.space) io.stdout.write(`\nspace ${space}\n`);
        io.stdout.write(
          appTable(report.apps.filter((a) => a.owner.kind === 'space' && a.owner.name === space)),
        );
      }
      io.stdout.write(totalsLine(report.totals));
    });
}
