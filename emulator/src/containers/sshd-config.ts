import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { authorizedKeysFile } from './authorized-keys';

/**
 * The sandbox container's sshd: its configuration and the login wrapper, both plain text derived
 * from the container's folders, so they can be read and tested without starting anything.
 */

export interface ContainerPaths {
  /** The container's home: sessions start here with HOME set to it. */
  home: string;
  /** `<home>/.container`: stands for the container's /etc/ssh and /run (keys, config, pid, log). */
  system: string;
  hostKey: string;
  config: string;
  pidFile: string;
  log: string;
  login: string;
  authorizedKeys: string;
}

export function containerPaths(home: string): ContainerPaths {
  const system = join(home, '.container');
  return {
    home,
    system,
    hostKey: join(system, 'ssh_host_ed25519_key'),
    config: join(system, 'sshd_config'),
    pidFile: join(system, 'sshd.pid'),
    log: join(system, 'sshd.log'),
    login: join(system, 'login.sh'),
    authorizedKeys: authorizedKeysFile(home),
  };
}

/** sshd_config arguments may be double-quoted; a path with a space or a quote needs it. */
const arg = (value: string): string => (/[\s"#]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/**
 * Public-key logins only, on loopback, for the one user who runs the emulator: what the container
 * half configures in a real Studio container (where the user is `sagemaker-user`).
 */
export function sshdConfig(options: {
  name: string;
  paths: ContainerPaths;
  port: number;
  user: string;
  /** The login wrapper is used when an external sftp-server exists (see loginScript). */
  forceLogin: boolean;
}): string {
  const { paths } = options;
  return [
    `# sshd of the Studio emulator's sandbox container "${options.name}"; rewritten at each start.`,
    `ListenAddress 127.0.0.1`,
    `Port ${options.port}`,
    `HostKey ${arg(paths.hostKey)}`,
    `PidFile ${arg(paths.pidFile)}`,
    // sshd expands %-tokens in this one; a literal % is %%.
    `AuthorizedKeysFile ${arg(paths.authorizedKeys.replace(/%/g, '%%'))}`,
    `AllowUsers ${options.user}`,
    `PubkeyAuthentication yes`,
    `AuthenticationMethods publickey`,
    `PasswordAuthentication no`,
    `KbdInteractiveAuthentication no`,
    `HostbasedAuthentication no`,
    `PermitEmptyPasswords no`,
    `PermitRootLogin prohibit-password`,
    `PermitUserEnvironment no`,
    // No PAM: the sandbox runs as the emulator's user, whose PAM stack may want a password or a tty.
    `UsePAM no`,
    // The sandbox lives in a temp folder whose permissions StrictModes would reject.
    `StrictModes no`,
    `AllowAgentForwarding yes`,
    `AllowTcpForwarding yes`,
    `X11Forwarding no`,
    `PermitTunnel no`,
    `UseDNS no`,
    `PrintMotd no`,
    `LoginGraceTime 30`,
    // VS Code's server unpacks tarballs; as in the real container, do not try to chown their files.
    `SetEnv TAR_OPTIONS=--no-same-owner`,
    `Subsystem sftp internal-sftp`,
    ...(options.forceLogin ? [`ForceCommand ${arg(paths.login)}`] : []),
    '',
  ].join('\n');
}

/**
 * Every session starts in the container's home with HOME pointing there, as a Studio session starts
 * in /home/sagemaker-user, instead of the emulator user's own home. sshd runs this for shells,
 * commands and subsystems alike; the sftp subsystem (what scp uses) becomes the external sftp-server,
 * since `internal-sftp` only exists inside sshd.
 */
export function loginScript(home: string, sftpServer: string): string {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    `# Written by the Studio emulator: the sandbox container's login.`,
    `HOME=${quote(home)}`,
    'export HOME',
    'cd "$HOME" || exit 1',
    'case "${SSH_ORIGINAL_COMMAND-}" in',
    `  '') exec "\${SHELL:-/bin/sh}" -l ;;`,
    `  internal-sftp) exec ${quote(sftpServer)} ;;`,
    `  *) exec "\${SHELL:-/bin/sh}" -c "$SSH_ORIGINAL_COMMAND" ;;`,
    'esac',
    '',
  ].join('\n');
}

const SSHD_CANDIDATES = [
  '/usr/sbin/sshd',
  '/usr/local/sbin/sshd',
  '/opt/homebrew/sbin/sshd',
  '/usr/bin/sshd',
];
const SFTP_CANDIDATES = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/libexec/sftp-server',
  '/usr/lib/ssh/sftp-server',
  '/usr/local/libexec/sftp-server',
  '/opt/homebrew/libexec/sftp-server',
];

/** `SSHD` in the environment, else the usual places; undefined when OpenSSH's server is not installed. */
export function findSshd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['SSHD'];
  if (given) return existsSync(given) ? given : undefined;
  return SSHD_CANDIDATES.find((p) => existsSync(p));
}

export const findSftpServer = (): string | undefined => SFTP_CANDIDATES.find((p) => existsSync(p));
