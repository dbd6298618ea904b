import { Command, Option } from 'commander';
import type { StudioApp } from '@studio-teams/core';
import { hyperlink } from '../utils/hyperlink';
import type { CliIo } from '../utils/io';
import { systemOpenUrl } from '../utils/open-url';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../utils/session';

interface UpOptions {
  space?: string;
  app?: StudioApp;
  browser: boolean;
}

export const APP_CHOICES: StudioApp[] = ['jupyterlab', 'jupyterserver', 'codeeditor'];

export function upCommand(io: CliIo, state: RunState): Command {
  return new Command('up')
    .description('Print a sign-in URL for Studio (or a space, created if missing) and open it in the browser')
    .option('--space <name>', 'open this space; it is created (shared, owned by you) when it does not exist')
    .addOption(
      new Option('--app <app>', 'land in this app: jupyterlab, codeeditor, or classic jupyterserver').choices(
        APP_CHOICES,
      ),
    )
    .option('--no-browser', 'only print the URL')
    .addHelpText(
      'after',
      `
The URL signs you in once and expires after 5 minutes. Without --app it opens the Studio home page.

Examples:
  $ sm-studio up
  $ sm-studio up --app jupyterserver          classic Studio
  $ sm-studio up --space team-x --app codeeditor
  $ url=$(sm-studio up --no-browser)         for scripts: the URL is the only line on stdout`,
    )
    .action(async (opts: UpOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global, [['space', opts.space]]);
      const { core, ctx, userProfileName } = await openUserSession(io, global, state);
      const result = await core.up(ctx, { userProfileName, spaceName: opts.space, app: opts.app });
      if (result.spaceCreated) io.stderr.write(`created space ${opts.space} in ${ctx.domain.name}\n`);
      io.stdout.write(`${result.url}\n`);
      if (io.isTTY) {
        const what = opts.space ? `space ${opts.space}` : `Studio for ${userProfileName}`;
        io.stdout.write(`${hyperlink(result.url, `Open ${what}`)} (the link works once, for 5 minutes)\n`);
      }
      if (opts.browser) {
        try {
          await (io.openUrl ?? systemOpenUrl)(result.url);
        } catch {
          io.stderr.write('could not open a browser; open the URL above yourself\n');
        }
      }
    });
}
