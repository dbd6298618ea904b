import { Command } from 'commander';
import { addGlobalOptions, configureTree, credentialsHelp } from '../utils/global-options';
import type { RunState } from '../utils/session';
import { cliVersion } from '../utils/version';
import { activateCommand } from './commands/activate';
import { connectCommand } from './commands/connect';
import { deactivateCommand } from './commands/deactivate';
import { initCommand } from './commands/init';
import { listCommand } from './commands/list';
import { proxyCommand } from './commands/proxy';
import { statusCommand } from './commands/status';
import { vscodeCommand } from './commands/vscode';
import type { SshCliIo } from './io';

const EXAMPLES = `
Examples:
  $ sm-ssh init                                 once: your key, and the sm-* hosts in ~/.ssh/config
  $ sm-ssh list                                 your spaces and containers, by name
  $ sm-ssh connect team-forecasting             starts the space's app if needed, then ssh
  $ ssh sm-team-forecasting                     plain ssh, scp, rsync and git work the same
  $ scp data.csv sm-team-forecasting:work/
  $ sm-ssh vscode team-forecasting              VS Code Remote-SSH on the space

In a classic app's or a training job's terminal:
  $ sm-ssh activate                             then sm-ssh connect sm-<name> from the laptop
  $ sm-ssh status
  $ sm-ssh deactivate                           before the app or job ends: no stale mi-*`;

/** `sm-ssh`: one command per file in ssh/commands/, global options shared with sm-studio. */
export function buildSshProgram(io: SshCliIo, state: RunState): Command {
  const program = new Command()
    .name('sm-ssh')
    .description('SSH into your SageMaker Studio spaces and containers by name, with Node and OpenSSH only.')
    .version(cliVersion(), '-V, --version');
  addGlobalOptions(program)
    .addHelpText('after', `${EXAMPLES}\n${credentialsHelp('sm-ssh')}`)
    .showSuggestionAfterError(true);

  program
    .addCommand(initCommand(io, state))
    .addCommand(listCommand(io, state))
    .addCommand(connectCommand(io, state))
    .addCommand(proxyCommand(io, state))
    .addCommand(vscodeCommand(io, state))
    .addCommand(activateCommand(io, state))
    .addCommand(deactivateCommand(io, state))
    .addCommand(statusCommand(io, state));

  configureTree(program, io);
  return program;
}
