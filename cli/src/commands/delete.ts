import { Command } from 'commander';
import type { DeleteProgress } from '@studio-teams/core';
import type { CliIo } from '../utils/io';
import { confirm, ensureCanAsk } from '../utils/prompt';
import { checkNames, type GlobalOptions, openSession, type RunState } from '../utils/session';
import { createSpinner, type Spinner } from '../utils/spinner';
import { stopProgress } from '../utils/stop-progress';

interface DeleteOptions {
  space: string;
  yes?: boolean;
}

const HELP = `
Stops the space's apps and waits until they are gone, deletes the space, then removes its folder
on the home EFS through the bastion (SSM command; the bastion is the domain's
studio-teams:bastion-instance-id tag). Asks y/n first; without a terminal it refuses unless --yes.`;

export function deleteCommand(io: CliIo, state: RunState): Command {
  return new Command('delete')
    .description("Delete a space, its apps and its EFS folder (the space's files)")
    .requiredOption('--space <name>', 'the space to delete')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addHelpText(
      'after',
      `${HELP}\n\nExamples:\n  $ sm-studio delete --space team-x\n  $ sm-studio delete --space team-x --yes`,
    )
    .action((opts: DeleteOptions, cmd: Command) =>
      deleteSpace(io, state, cmd.optsWithGlobals<GlobalOptions>(), opts),
    );
}

/** Shared with `spaces delete <name>`. */
export async function deleteSpace(
  io: CliIo,
  state: RunState,
  global: GlobalOptions,
  opts: { space: string; yes?: boolean },
): Promise<void> {
  checkNames(global, [['space', opts.space]]);
  const what = `delete space ${opts.space}`;
  if (!opts.yes) ensureCanAsk(io, what);
  const { core, ctx } = await openSession(io, global, state);
  if (!opts.yes) {
    const ok = await confirm(
      io,
      `Delete space ${opts.space} in ${ctx.domain.name}, its apps, and all files in its EFS folder?`,
      what,
    );
    if (!ok) {
      io.stderr.write('nothing deleted\n');
      return;
    }
  }
  const spinner = createSpinner(io.stderr, Boolean(io.isTTY));
  try {
    const result = await core.deleteSpaceAndFolder(ctx, opts.space, {
      signal: io.signal,
      onProgress: deleteProgress(spinner, opts.space),
    });
    spinner.stop();
    io.stdout.write(
      `Deleted space ${opts.space}${result.appsStopped > 0 ? ` after stopping ${result.appsStopped} app(s)` : ''}\n`,
    );
    if (result.efsFolder.removed) {
      io.stdout.write(`Removed its EFS folder ${result.efsFolder.uid}\n`);
    } else {
      const uid = result.efsFolder.uid ? ` ${result.efsFolder.uid}` : '';
      io.stdout.write(`Left its EFS folder${uid} in place: ${result.efsFolder.reason}\n`);
    }
  } finally {
    spinner.stop();
  }
}

function deleteProgress(spinner: Spinner, space: string): (p: DeleteProgress) => void {
  const apps = stopProgress(spinner);
  return (p) => {
    switch (p.step) {
      case 'stopping-apps':
        apps(p.detail);
        break;
      case 'deleting-space':
        spinner.update(`deleting space ${space}`);
        break;
      case 'removing-folder':
        spinner.update(`removing EFS folder ${p.uid} on the bastion ${p.bastion}`);
        break;
    }
  };
}
