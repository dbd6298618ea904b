import { Command } from 'commander';
import { loadCore } from '../../utils/core';
import type { GlobalOptions, RunState } from '../../utils/session';
import type { SshCliIo } from '../io';
import { addPrepareOptions, type PrepareOptions, prepareTarget } from '../prepare-target';
import { findOnPath, runOnTerminal } from '../programs';

export function connectCommand(io: SshCliIo, state: RunState): Command {
  return addPrepareOptions(
    new Command('connect')
      .description('ssh into a space or container by name, starting its app first if it is stopped')
      .argument('<name>', 'the target: a space or container name (sm- prefix optional)')
      .argument('[ssh-args...]', 'after --: options and a command for ssh'),
  )
    .addHelpText(
      'after',
      `
Runs \`ssh sm-<name> [ssh-args…]\` on your terminal and exits with ssh's exit code. Needs \`sm-ssh init\` once.

Examples:
  $ sm-ssh connect team-forecasting
  $ sm-ssh connect team-forecasting -- -L 8501:localhost:8501     a Streamlit dashboard
  $ sm-ssh connect team-forecasting -- nvidia-smi
  $ sm-ssh connect my-space --enable-remote-access --yes`,
    )
    .action(async (name: string, sshArgs: string[], opts: PrepareOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const prepared = await prepareTarget(io, state, global, name, opts);
      const sshBin = findOnPath('ssh', io.env);
      if (!sshBin) throw new (loadCore().UserError)('ssh is not on PATH: install the OpenSSH client');
      const args = [...(opts.sshConfig ? ['-F', prepared.configFile] : []), prepared.target.host, ...sshArgs];
      // ssh owns the terminal now: Ctrl-C is its to handle, and its exit code is ours.
      state.handlesInterrupt = true;
      state.exitCode = await runOnTerminal(sshBin, args, io.env);
    });
}
