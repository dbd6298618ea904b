import { Command } from 'commander';
import type { OwnerUsage } from '@studio-teams/schema';
import { loadCore } from '../utils/core';
import type { CliIo } from '../utils/io';
import { appTable, printJson, totalsLine } from '../utils/output';
import { checkNames, type GlobalOptions, openSession, type RunState } from '../utils/session';

interface StatusAllOptions {
  json?: boolean;
}

export function statusAllCommand(io: CliIo, state: RunState): Command {
  return new Command('status-all')
    .description('Every user and space in the domain: EFS use and running apps with their cost')
    .option('--json', 'print the StatusAllReport JSON (schema/src/status.ts) instead of tables')
    .addHelpText(
      'after',
      `
EFS use comes from the bastion's daily usage report in S3
(s3://studio-teams-reports-<account>-<region>/efs-usage/<domain id>.json); without one it says "unknown". One paged pass over users, spaces and apps (100 per call),
however many users there are.

Examples:
  $ sm-studio status-all
  $ sm-studio status-all --json | jq '.users[] | select(.apps | length > 0) | .name'`,
    )
    .action(async (opts: StatusAllOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      const { core, ctx } = await openSession(io, global, state);
      const { report, usageNote } = await core.statusAllReport(ctx);
      if (usageNote) io.stderr.write(`EFS use unknown: ${usageNote}\n`);
      if (opts.json) return printJson(io.stdout, report);
      const { formatBytes } = loadCore();
      const asOf = report.efs.reportGeneratedAt ? ` (report of ${report.efs.reportGeneratedAt})` : '';
      io.stdout.write(`${report.domain.name} (${report.domain.region})\n`);
      io.stdout.write(`Total EFS use: ${formatBytes(report.efs.totalBytes)}${asOf}\n`);
      section(io, 'Users', report.users, formatBytes);
      section(io, 'Spaces', report.spaces, formatBytes);
      io.stdout.write(`\n${totalsLine(report.totals)}`);
    });
}

function section(
  io: CliIo,
  title: string,
  owners: OwnerUsage[],
  formatBytes: (n: number | null) => string,
): void {
  io.stdout.write(`\n${title} (${owners.length})\n`);
  for (const o of owners) {
    const apps = o.apps.length === 0 ? '  no running apps' : '';
    io.stdout.write(`  ${o.name}  EFS ${formatBytes(o.efsBytes)}${apps}\n`);
    if (o.apps.length > 0) io.stdout.write(appTable(o.apps, '    '));
  }
}
