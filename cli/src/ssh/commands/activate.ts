import { Command } from 'commander';
import { loadCore } from '../../utils/core';
import type { RunState } from '../../utils/session';
import { describeContainer, openContainer } from '../container-context';
import type { SshCliIo } from '../io';

export function activateCommand(io: SshCliIo, state: RunState): Command {
  return new Command('activate')
    .description('In a classic Studio app or a training job: let your laptop ssh into this container')
    .option('--force', 'register again even when this container is already active (replaces its mi-*)')
    .addHelpText(
      'after',
      `
Run in a terminal of a classic KernelGateway/JupyterServer app or a training job (the original's
sm_init_sm and sm_start_sm). It configures sshd in your home (keys only, on 127.0.0.1), authorises
the keys \`sm-ssh init\` stored for you, and registers the container with SSM through an activation
tagged with you, your domain and this app; then \`sm-ssh connect sm-<name>\` works from your laptop.
Refuses outside Studio, and when a [default] AWS profile would shadow the execution role.

Examples:
  $ sm-ssh activate
  $ sm-ssh activate --force          the agent is stuck: deregister and register again
  $ sm-ssh status                    then, on the laptop: sm-ssh list`,
    )
    .action(async (opts: { force?: boolean }) => {
      const ctx = await openContainer(io, state);
      const { sshContainer } = loadCore();
      io.stderr.write(`Activating SSH for ${describeContainer(ctx)}…\n`);
      if (opts.force) {
        const gone = await sshContainer.deactivate(ctx);
        if (gone.deregistered.length > 0)
          io.stderr.write(`Deregistered ${gone.deregistered.join(', ')} first (--force)\n`);
      }
      const result = await sshContainer.activate(ctx);
      if (result.deregistered.length > 0)
        io.stderr.write(`Removed stale registrations: ${result.deregistered.join(', ')}\n`);
      io.stdout.write(`Active: ${result.message}\n`);
    });
}
