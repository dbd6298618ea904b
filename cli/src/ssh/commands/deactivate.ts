import { Command } from 'commander';
import { loadCore } from '../../utils/core';
import type { RunState } from '../../utils/session';
import { describeContainer, openContainer } from '../container-context';
import type { SshCliIo } from '../io';

export function deactivateCommand(io: SshCliIo, state: RunState): Command {
  return new Command('deactivate')
    .description('In a classic Studio app or a training job: stop the agent and deregister this container')
    .addHelpText(
      'after',
      `
Deregisters every SSM managed instance of this app, so no stale mi-* is left behind; run it before
the app or job ends. Safe to run when nothing is active.

Examples:
  $ sm-ssh deactivate
  $ sm-ssh deactivate && sm-ssh status --json | jq -r .state      off`,
    )
    .action(async () => {
      const ctx = await openContainer(io, state);
      io.stderr.write(`Deactivating SSH for ${describeContainer(ctx)}…\n`);
      const result = await loadCore().sshContainer.deactivate(ctx);
      io.stdout.write(`${result.message}\n`);
    });
}
