import type { ssh } from '@studio-teams/core';
import type { Command } from 'commander';
import { loadCore } from '../utils/core';
import { confirm } from '../utils/prompt';
import {
  checkNames,
  type GlobalOptions,
  openUserSession,
  type RunState,
  type Session,
} from '../utils/session';
import { createSpinner } from '../utils/spinner';
import { readTextFile, writeFileAtomic } from './config-file';
import type { SshCliIo } from './io';
import { displayPath, sshConfigPath } from './paths';
import { addTargetToBlock, blockText, upsertBlock } from './ssh-config-block';

export interface PrepareOptions {
  enableRemoteAccess?: boolean;
  yes?: boolean;
  instanceType?: string;
  sshConfig?: string;
}

/** The options of PrepareOptions, declared once for every command that prepares a target. */
export function addPrepareOptions(command: Command): Command {
  return command
    .option(
      '--enable-remote-access',
      "turn on the space's remote access if it is off (restarts a running app)",
    )
    .option('-y, --yes', 'do not ask before restarting an app')
    .option('--instance-type <type>', 'instance type when the app has to be started (default: the space’s)')
    .option('--ssh-config <file>', 'the ssh config `sm-ssh init --ssh-config` wrote');
}

export interface PreparedTarget extends Session {
  userProfileName: string;
  target: ssh.ResolvedTarget;
  /** The ssh config holding the sm-ssh block. */
  configFile: string;
}

/**
 * What `connect` and `vscode` do before handing over to ssh or VS Code: check the ssh config has our
 * block, find the target, turn remote access on when asked (saying exactly how otherwise), start a
 * stopped app and wait for it with progress, and give the target its own host key alias.
 */
export async function prepareTarget(
  io: SshCliIo,
  state: RunState,
  global: GlobalOptions,
  name: string,
  opts: PrepareOptions,
): Promise<PreparedTarget> {
  const core = loadCore();
  checkNames(global);
  const configFile = sshConfigPath(io.env, opts.sshConfig);
  const shownConfig = displayPath(configFile, io.env);
  const config = readTextFile(configFile);
  if (!blockText(config, shownConfig)) {
    throw new core.UserError(
      `${shownConfig} has no sm-ssh block: run \`sm-ssh init${opts.sshConfig ? ` --ssh-config ${shownConfig}` : ''}\` first`,
    );
  }
  const session = await openUserSession(io, global, state);
  const { ctx, userProfileName } = session;
  const target = await core.ssh.resolveTarget(ctx, userProfileName, name);
  if (target.kind === 'instance') {
    if (target.pingStatus !== 'Online') {
      throw new core.UserError(
        `container ${target.name} (${target.instanceId}) is ${target.pingStatus}: its SSM agent is not ` +
          "running; run `sm-ssh activate` again in that app's terminal (or use the SSH section of its panel)",
      );
    }
  } else {
    await readySpace(io, session, target, opts);
  }
  ensureStanza(io, configFile, target, ctx.domain.id);
  return { ...session, target, configFile };
}

async function readySpace(
  io: SshCliIo,
  session: Session,
  space: ssh.ResolvedSpace,
  opts: PrepareOptions,
): Promise<void> {
  const { core, ctx } = session;
  const { sagemaker } = ctx.clients;
  core.ssh.checkRemoteAppType(space);
  const spinner = createSpinner(io.stderr, Boolean(io.isTTY));
  const wait = {
    signal: io.signal,
    onProgress: (p: ssh.SpaceAppProgress) => {
      if (p.phase === 'starting')
        spinner.update(
          `starting the ${space.appType} app of ${space.spaceName} (${p.status}, ${seconds(p.elapsedMs)})`,
        );
      else if (p.phase === 'stopping')
        spinner.update(`restarting the app of ${space.spaceName}: stopping (${seconds(p.elapsedMs)})`);
      else if (p.phase === 'waiting-for-stop')
        spinner.update(`waiting for the app of ${space.spaceName} to stop`);
    },
    ...(opts.instanceType ? { instanceType: opts.instanceType } : {}),
  };
  try {
    if (!space.remoteAccess) {
      if (!opts.enableRemoteAccess) {
        throw new core.UserError(
          `remote access is off for space ${space.spaceName}: turn it on with ` +
            `\`sm-ssh connect ${space.spaceName} --enable-remote-access\`` +
            (space.appStatus === 'InService' ? ' (restarts its running app)' : '') +
            `, or run \`${core.ssh.enableRemoteAccessCommand(space)}\``,
        );
      }
      const running = space.appStatus === 'InService' || space.appStatus === 'Pending';
      if (running && !opts.yes) {
        const ok = await confirm(
          io,
          `Turning on remote access restarts the running app of space ${space.spaceName} (kernels stop). Continue?`,
          `restart the app of space ${space.spaceName}`,
        );
        if (!ok) throw new core.UserError('nothing was changed');
      }
      await core.ssh.enableRemoteAccess(sagemaker, space);
      io.stderr.write(`turned on remote access for space ${space.spaceName}\n`);
      if (running) await core.ssh.stopSpaceApp(sagemaker, space, wait);
      await core.ssh.ensureSpaceAppRunning(sagemaker, { ...space, appStatus: 'Stopped' }, wait);
      spinner.stop(`the app of space ${space.spaceName} is running`);
    } else if (space.appStatus !== 'InService') {
      spinner.update(`starting the ${space.appType} app of ${space.spaceName}`);
      await core.ssh.ensureSpaceAppRunning(sagemaker, space, wait);
      spinner.stop(`the app of space ${space.spaceName} is running`);
    }
  } finally {
    spinner.stop();
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** Gives the target a HostKeyAlias stanza in our block when it has none yet (a space made since init). */
function ensureStanza(io: SshCliIo, configFile: string, target: ssh.ResolvedTarget, domainId: string): void {
  const { ssh: sshCore } = loadCore();
  const text = readTextFile(configFile);
  const shown = displayPath(configFile, io.env);
  const block = blockText(text, shown);
  if (!block) return;
  const updated = addTargetToBlock(block, {
    host: target.host,
    hostKeyAlias: sshCore.hostKeyAliasFor(target.name, domainId),
  });
  if (updated === block) return;
  writeFileAtomic(configFile, upsertBlock(text, updated, shown));
  io.stderr.write(`added ${target.host} to the sm-ssh block in ${shown}\n`);
}
