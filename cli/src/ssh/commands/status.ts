import { Command } from 'commander';
import { loadCore } from '../../utils/core';
import { printJson } from '../../utils/output';
import type { RunState } from '../../utils/session';
import { describeContainer, openContainer } from '../container-context';
import type { SshCliIo } from '../io';

export function statusCommand(io: SshCliIo, state: RunState): Command {
  return new Command('status')
    .description('In a Studio container: whether your laptop can ssh into it, and the keys it accepts')
    .option('--json', "print the state as JSON (the same object as the panel's SSH section)")
    .addHelpText(
      'after',
      `
States: off (nobody can connect), restart-needed (a space's app started before remote access was
enabled), starting (registered, agent not online yet), ready (\`sm-ssh connect\` works).

Examples:
  $ sm-ssh status
  $ sm-ssh status --json | jq -r .state`,
    )
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openContainer(io, state);
      const status = await loadCore().sshContainer.status(ctx);
      if (opts.json) return printJson(io.stdout, status);
      const lines = [
        `Container: ${describeContainer(ctx)}`,
        `State:     ${status.state}`,
        `Host:      ${status.host}`,
        `           ${status.message}`,
      ];
      if (status.classic) {
        lines.push(`sshd:      ${status.classic.sshdConfigured ? 'configured' : 'not configured'}`);
        lines.push(
          `Agent:     ${status.classic.agentAvailable ? 'found' : (status.classic.agentInstallHint ?? 'missing')}`,
        );
        for (const i of status.classic.instances)
          lines.push(`Instance:  ${i.instanceId} ${i.name} ${i.pingStatus}`);
      }
      lines.push(
        `Keys:      ${status.keys.length === 0 ? 'none (run `sm-ssh init` on your laptop)' : status.keysParameter}`,
      );
      for (const k of status.keys) lines.push(`           ${k.type} ${k.fingerprint} ${k.comment}`);
      if (status.actions.length > 0)
        lines.push(`Next:      ${status.actions.map((a) => actionCommand(a)).join(' or ')}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}

function actionCommand(action: string): string {
  if (action === 'activate') return 'sm-ssh activate';
  if (action === 'deactivate') return 'sm-ssh deactivate';
  if (action === 'enable-remote-access') return 'enable remote access from the SSH section of the panel';
  return action;
}
