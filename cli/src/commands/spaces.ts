import { Command, Option } from 'commander';
import type { SpaceSharing, StudioApp } from '@studio-teams/core';
import { loadCore } from '../utils/core';
import type { CliIo } from '../utils/io';
import { printJson } from '../utils/output';
import {
  checkNames,
  type GlobalOptions,
  openSession,
  openUserSession,
  type RunState,
} from '../utils/session';
import { renderTable } from '../utils/table';
import { deleteSpace } from './delete';
import { APP_CHOICES } from './up';

export function spacesCommand(io: CliIo, state: RunState): Command {
  const spaces = new Command('spaces').description('List, create and delete shared spaces').addHelpText(
    'after',
    `
Examples:
  $ sm-studio spaces list
  $ sm-studio spaces create team-x --app jupyterlab
  $ sm-studio spaces delete team-x`,
  );

  spaces
    .command('list')
    .description('All spaces of the domain with status, owner and sharing')
    .option('--json', 'print the SpacesList JSON (schema/src/status.ts)')
    .addHelpText('after', '\nExamples:\n  $ sm-studio spaces list\n  $ sm-studio spaces list --json')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      const { core, ctx } = await openSession(io, global, state);
      const list = await core.spacesList(ctx);
      if (opts.json) return printJson(io.stdout, list);
      if (list.spaces.length === 0) {
        io.stdout.write(`No spaces in ${list.domain.name}\n`);
        return;
      }
      io.stdout.write(
        renderTable(
          ['NAME', 'STATUS', 'OWNER', 'SHARING', 'CREATED'],
          list.spaces.map((s) => [
            s.name,
            s.status,
            s.ownerUserProfileName ?? '-',
            s.sharingType ?? '-',
            s.createdAt ?? '-',
          ]),
        ),
      );
    });

  spaces
    .command('create')
    .description('Create a space owned by you')
    .argument('<name>', 'space name')
    .addOption(new Option('--app <app>', 'the app the space runs').choices(APP_CHOICES).default('jupyterlab'))
    .addOption(
      new Option('--sharing <sharing>', 'who can open it').choices(['shared', 'private']).default('shared'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ sm-studio spaces create team-x\n  $ sm-studio spaces create notes --app codeeditor --sharing private',
    )
    .action(async (name: string, opts: { app: StudioApp; sharing: 'shared' | 'private' }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global, [['space', name]]);
      const { core, ctx, userProfileName } = await openUserSession(io, global, state);
      if (await core.describeSpace(ctx.clients.sagemaker, ctx.domain.id, name)) {
        throw new (loadCore().UserError)(`space ${name} already exists in ${ctx.domain.name}`);
      }
      const sharing: SpaceSharing = opts.sharing === 'private' ? 'Private' : 'Shared';
      await core.createSpace(ctx.clients.sagemaker, ctx.domain.id, name, {
        owner: userProfileName,
        app: opts.app,
        sharing,
      });
      io.stdout.write(
        `Created space ${name} (${opts.app}, ${opts.sharing}); open it with: sm-studio up --space ${name}\n`,
      );
    });

  spaces
    .command('delete')
    .description('Delete a space, its apps and its EFS folder (same as `sm-studio delete --space`)')
    .argument('<name>', 'space name')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ sm-studio spaces delete team-x\n  $ sm-studio spaces delete team-x --yes',
    )
    .action((name: string, opts: { yes?: boolean }, cmd: Command) =>
      deleteSpace(io, state, cmd.optsWithGlobals<GlobalOptions>(), { space: name, yes: opts.yes }),
    );

  return spaces;
}
