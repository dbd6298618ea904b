import { Command } from 'commander';
import type { ssh } from '@studio-teams/core';
import { loadCore } from '../../utils/core';
import { printJson } from '../../utils/output';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../../utils/session';
import { renderTable } from '../../utils/table';
import type { SshCliIo } from '../io';

/** `list --json`: the user, the domain, and every target with whether it can be reached right now. */
export interface TargetList {
  userProfileName: string;
  domain: { id: string; name: string; region: string };
  targets: (ssh.SshTarget & { reachable: boolean; hint: string })[];
}

export function listCommand(io: SshCliIo, state: RunState): Command {
  return new Command('list')
    .description('Your spaces and activated containers, by the name ssh knows them')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      `
Spaces are those you own; containers are SSM managed instances tagged owner=<you> (classic apps and
training jobs, once activated with \`sm-ssh activate\` in their terminal or from the SSH section of
the Studio for Teams panel).

Examples:
  $ sm-ssh list
  $ sm-ssh list --json | jq -r '.targets[] | select(.reachable) | .host'`,
    )
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      const { core, ctx, userProfileName } = await openUserSession(io, global, state);
      const targets = await core.ssh.listTargets(ctx, userProfileName);
      const list: TargetList = {
        userProfileName,
        domain: core.domainRef(ctx.domain),
        targets: targets.map((t) => ({ ...t, reachable: core.ssh.isReachable(t), hint: hintFor(t) })),
      };
      if (opts.json) return printJson(io.stdout, list);
      if (targets.length === 0) {
        io.stdout.write(
          `Nothing to connect to for ${userProfileName} in ${ctx.domain.name}: create a space with ` +
            "`sm-studio spaces create NAME --app jupyterlab`, or run `sm-ssh activate` in a classic app's terminal\n",
        );
        return;
      }
      io.stdout.write(
        renderTable(
          ['NAME', 'KIND', 'STATUS', 'REMOTE ACCESS', 'DETAIL'],
          list.targets.map((t) => [
            t.host,
            t.kind === 'space' ? 'space' : 'container',
            core.ssh.describeTargetStatus(t),
            t.kind === 'space' ? (t.remoteAccess ? 'on' : 'off') : '-',
            t.kind === 'space'
              ? [t.appType ?? 'classic', t.instanceType].filter(Boolean).join(' ')
              : t.instanceId,
          ]),
        ),
      );
      const blocked = list.targets.filter((t) => !t.reachable && t.hint);
      for (const t of blocked) io.stdout.write(`${t.host}: ${t.hint}\n`);
    });
}

/** What to do before a target can be reached; empty when it can be now. */
function hintFor(t: ssh.SshTarget): string {
  if (t.kind === 'instance') {
    if (t.stale)
      return 'an older registration of the same container (activating again deregisters such leftovers)';
    return t.pingStatus === 'Online'
      ? ''
      : "its agent is not running: run `sm-ssh activate` again in that app's terminal";
  }
  if (!loadCore().ssh.hasRemoteAccessApp(t)) return 'a classic space: no remote access';
  if (!t.remoteAccess) return `remote access is off: sm-ssh connect ${t.name} --enable-remote-access`;
  if (t.appStatus !== 'InService') return `its app is ${t.appStatus}: sm-ssh connect ${t.name} starts it`;
  return '';
}
