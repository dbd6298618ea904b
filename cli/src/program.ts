import { Command } from 'commander';
import { deleteCommand } from './commands/delete';
import { downCommand } from './commands/down';
import { downAllCommand } from './commands/down-all';
import { gitAuthCommand } from './commands/git-auth';
import { spacesCommand } from './commands/spaces';
import { statusCommand } from './commands/status';
import { statusAllCommand } from './commands/status-all';
import { upCommand } from './commands/up';
import type { CliIo } from './utils/io';
import type { RunState } from './utils/session';
import { addGlobalOptions, configureTree, credentialsHelp } from './utils/global-options';
import { cliVersion } from './utils/version';

const EXAMPLES = `
Examples:
  $ sm-studio up                          open Studio in the browser
  $ sm-studio up --space team-x --app jupyterlab
  $ sm-studio status --all                your apps and your spaces' apps, with their cost
  $ sm-studio down                        stop your apps (keeps the JupyterServer UI)
  $ sm-studio status-all --json           every user and space, for scripts
  $ sm-studio --profile work --region eu-west-1 spaces list`;

/**
 * The program for one run: global options, then one command per file in commands/. Built fresh per
 * run because commander keeps parsed values on the command objects.
 */
export function buildProgram(io: CliIo, state: RunState): Command {
  const program = new Command()
    .name('sm-studio')
    .description('Start, stop and inspect your SageMaker Studio apps and spaces from the laptop.')
    .version(cliVersion(), '-V, --version');
  addGlobalOptions(program)
    .addHelpText('after', `${EXAMPLES}\n${credentialsHelp('sm-studio')}`)
    .showSuggestionAfterError(true);

  program
    .addCommand(upCommand(io, state))
    .addCommand(downCommand(io, state))
    .addCommand(downAllCommand(io, state))
    .addCommand(deleteCommand(io, state))
    .addCommand(statusCommand(io, state))
    .addCommand(statusAllCommand(io, state))
    .addCommand(spacesCommand(io, state))
    .addCommand(gitAuthCommand(io, state));

  configureTree(program, io);
  return program;
}
