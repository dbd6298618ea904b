import { Command } from 'commander';
import type { GlobalOptions, RunState } from '../../utils/session';
import { readTextFile } from '../config-file';
import type { SshCliIo } from '../io';
import { addPrepareOptions, type PrepareOptions, prepareTarget } from '../prepare-target';
import { STUDIO_LOGIN_USER } from './init';
import { findOnPath, runOnTerminal } from '../programs';
import { blockSetting, blockText } from '../ssh-config-block';

interface VscodeOptions extends PrepareOptions {
  dir?: string;
}

export function vscodeCommand(io: SshCliIo, state: RunState): Command {
  return addPrepareOptions(
    new Command('vscode')
      .description("open a space or container in VS Code's Remote-SSH (or print the command)")
      .argument('<name>', 'the target: a space or container name (sm- prefix optional)')
      .option('--dir <path>', 'folder to open on the target (default: /home/sagemaker-user in Studio)'),
  )
    .addHelpText(
      'after',
      `
Needs the Remote - SSH extension in VS Code. Without \`code\` on PATH the command is printed instead.
VS Code reads ~/.ssh/config; with --ssh-config, set "remote.SSH.configFile" to that file.

Examples:
  $ sm-ssh vscode team-forecasting
  $ sm-ssh vscode team-forecasting --dir /home/sagemaker-user/project`,
    )
    .action(async (name: string, opts: VscodeOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const prepared = await prepareTarget(io, state, global, name, opts);
      const user = blockSetting(blockText(readTextFile(prepared.configFile)) ?? '', 'User');
      // Studio's home; elsewhere (the local Studio's login user) VS Code asks which folder to open.
      const dir = opts.dir ?? (user === STUDIO_LOGIN_USER ? `/home/${STUDIO_LOGIN_USER}` : undefined);
      const args = ['--remote', `ssh-remote+${prepared.target.host}`, ...(dir ? [dir] : [])];
      const code = findOnPath('code', io.env);
      if (!code) {
        io.stderr.write("VS Code's `code` command is not on PATH; run this where it is:\n");
        io.stdout.write(`code ${args.map(shellWord).join(' ')}\n`);
        return;
      }
      state.exitCode = await runOnTerminal(code, args, io.env);
    });
}

const shellWord = (w: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
