import type { Readable } from 'node:stream';
import { Command } from 'commander';
import type { AwsSettings, ResolvedTarget, OpenedSession } from '@studio-teams/core/ssh-proxy';
import { loadSshProxyCore } from '../../utils/core';
import { checkNames, type GlobalOptions, openUserContext, type RunState } from '../../utils/session';
import { compileCacheDir, installCompileCache } from '../compile-cache';
import type { SshCliIo } from '../io';
import { findOnPath, runOnTerminal } from '../programs';

export const PLUGIN = 'session-manager-plugin';

export function proxyCommand(io: SshCliIo, state: RunState): Command {
  return new Command('proxy')
    .description("ssh's ProxyCommand: open a session to the target and carry the connection over it")
    .argument('<host>', 'the host as typed for ssh (%n): sm-<space> or sm-<container>')
    .option('--plugin', `use ${PLUGIN} (when installed) instead of the built-in data channel`)
    .addHelpText(
      'after',
      `
ssh starts this itself, from the block \`sm-ssh init\` wrote; stdin and stdout carry the ssh
connection, errors go to stderr as one line (ssh shows them).

Examples:
  ProxyCommand /usr/bin/node /path/to/sm-ssh.js proxy %n          (in ~/.ssh/config)
  $ ssh -o ProxyCommand='sm-ssh proxy %n' sm-team-forecasting      (one-off)`,
    )
    .action(async (host: string, opts: { plugin?: boolean }, cmd: Command) => {
      // ssh hangs up (SIGHUP) when it is done: the session is then terminated here, not abandoned.
      state.handlesInterrupt = true;
      // Before anything loads the AWS SDK: ssh waits for this process at every connection.
      const compileCache = installCompileCache(compileCacheDir(io.env));
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      // Only the part of core a connection needs: ssh waits for this process at every connection.
      const core = loadSshProxyCore();
      const output = io.stdoutStream;
      if (!output) throw new core.UserError('proxy needs the raw stdout stream (io.stdoutStream)');
      const input = io.stdinStream ?? (io.stdin as Readable);
      const plugin = opts.plugin ? findOnPath(PLUGIN, io.env) : undefined;
      if (opts.plugin && !plugin) {
        throw new core.UserError(`${PLUGIN} is not on PATH; drop --plugin to use sm-ssh's own data channel`);
      }

      const started = Date.now();
      const debug = state.debug
        ? (line: string) => io.stderr.write(`sm-ssh: +${Date.now() - started} ms ${line}\n`)
        : undefined;
      debug?.(
        `proxy for ${host}, ${Math.round(performance.now())} ms after the process started` +
          (compileCache ? ` (compile cache: ${compileCache.hits} hits, ${compileCache.misses} misses)` : ''),
      );
      const { ctx, userProfileName, settings } = await openUserContext(io, global, state, core);
      debug?.(`${userProfileName} in ${ctx.domain.name} (${ctx.domain.id})`);
      const target = await core.resolveTarget(ctx, userProfileName, host);
      debug?.(`${host} is ${target.kind} ${target.kind === 'space' ? target.spaceName : target.instanceId}`);
      checkReachable(target);
      if (io.signal?.aborted) return;
      const session = await core.startTargetSession(ctx.clients, target);
      debug?.(`${session.service} session ${session.sessionId} started`);
      try {
        if (plugin) {
          state.exitCode = await runOnTerminal(plugin, pluginArgs(session, settings), io.env);
        } else {
          const end = await core.bridgeSession(session, {
            input,
            output,
            signal: io.signal,
            debug,
            onReady: (info) =>
              debug?.(`handshake done: ${info.sessionType} session, agent ${info.agentVersion || '?'}`),
          });
          debug?.(`session ended: ${end.reason}${end.output ? ` (${end.output})` : ''}`);
        }
      } finally {
        await core.endTargetSession(ctx.clients.ssm, session);
      }
    });
}

/** A proxy cannot start an app (ssh would sit silent for minutes): it says what will. */
function checkReachable(target: ResolvedTarget): void {
  const { UserError, checkRemoteAppType } = loadSshProxyCore();
  if (target.kind === 'instance') {
    if (target.pingStatus === 'Online') return;
    throw new UserError(
      `container ${target.name} is ${target.pingStatus}: run \`sm-ssh activate\` again in that app's terminal`,
    );
  }
  checkRemoteAppType(target);
  if (!target.remoteAccess) {
    throw new UserError(
      `remote access is off for space ${target.name}: run \`sm-ssh connect ${target.name} --enable-remote-access\``,
    );
  }
  if (target.appStatus !== 'InService') {
    throw new UserError(
      `space ${target.name} is ${target.appStatus === 'Stopped' ? 'stopped' : target.appStatus}: ` +
        `\`sm-ssh connect ${target.name}\` starts it (or \`sm-ssh vscode ${target.name}\`)`,
    );
  }
}

/**
 * session-manager-plugin's calling convention, as the AWS CLI uses it: the StartSession response, the
 * region, the operation, the profile, the request, and the SSM endpoint (it calls TerminateSession).
 */
export function pluginArgs(session: OpenedSession, settings: AwsSettings): string[] {
  const { endpointFor } = loadSshProxyCore();
  const response = {
    SessionId: session.sessionId,
    StreamUrl: session.streamUrl,
    TokenValue: session.tokenValue,
  };
  const request =
    session.service === 'ssm' ? session.request : { Target: session.request['ResourceIdentifier'] };
  return [
    JSON.stringify(response),
    settings.region,
    'StartSession',
    settings.profile ?? '',
    JSON.stringify(request),
    endpointFor(settings.env, 'SSM') ?? `https://ssm.${settings.region}.amazonaws.com`,
  ];
}
