/**
 * sshd for a classic app: everything under `~/.studio-teams/ssh`, so it survives the app (the home is
 * on EFS) and a reconnect after a restart finds the same host key and does not warn.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../errors';
import { parseKeyLine } from './keys';
import { findProgram } from './programs';
import { readIfExists, withMarkedBlock, writeFileAtomic } from './files';

const run = promisify(execFile);

export const sshDir = (home: string): string => path.join(home, '.studio-teams', 'ssh');
export const sshdConfigFile = (home: string): string => path.join(sshDir(home), 'sshd_config');
export const authorizedKeysFile = (home: string): string => path.join(sshDir(home), 'authorized_keys');
export const hostKeyFile = (home: string): string => path.join(sshDir(home), 'ssh_host_ed25519_key');

/** Port 22 is where AWS-StartSSHSession connects by default. */
export const SSHD_PORT = 22;

export function sshdConfig(home: string, port = SSHD_PORT): string {
  return [
    '# Written by studio-teams (sm-ssh activate); rewritten on each activation.',
    `Port ${port}`,
    // Only the SSM agent's port forward reaches it.
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKeyFile(home)}`,
    `AuthorizedKeysFile ${authorizedKeysFile(home)}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    // The home is on EFS, owned by an uid sshd's StrictModes may not expect.
    'StrictModes no',
    'AllowTcpForwarding yes',
    'AllowAgentForwarding yes',
    'X11Forwarding no',
    `PidFile ${path.join(sshDir(home), 'sshd.pid')}`,
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

/** VS Code's server unpacks with tar; on EFS, keeping the archive's owner fails. */
export const PROFILE_BLOCK = 'export TAR_OPTIONS=--no-same-owner';

export interface SshdFiles {
  configFile: string;
  hostKeyFingerprint: string | undefined;
  authorisedKeys: number;
}

export async function writeSshdFiles(
  home: string,
  keyLines: readonly string[],
  programs: { sshKeygen?: string | undefined } = {},
): Promise<SshdFiles> {
  await fs.mkdir(sshDir(home), { recursive: true, mode: 0o700 });
  const hostKey = hostKeyFile(home);
  if ((await readIfExists(hostKey)) === undefined) {
    const keygen = programs.sshKeygen ?? (await findProgram('ssh-keygen'));
    if (!keygen) throw new UserError('ssh-keygen is not installed: apt-get install -y openssh-server');
    await run(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', 'studio-teams host key', '-f', hostKey]);
  }
  await writeFileAtomic(authorizedKeysFile(home), keyLines.map((l) => `${l}\n`).join(''));
  await writeFileAtomic(sshdConfigFile(home), sshdConfig(home), 0o644);
  const profile = path.join(home, '.profile');
  const before = (await readIfExists(profile)) ?? '';
  const after = withMarkedBlock(before, PROFILE_BLOCK, profile);
  if (after !== before) await writeFileAtomic(profile, after, 0o644);
  return {
    configFile: sshdConfigFile(home),
    hostKeyFingerprint: await fingerprintOf(`${hostKey}.pub`),
    authorisedKeys: keyLines.length,
  };
}

async function fingerprintOf(pub: string): Promise<string | undefined> {
  const text = await readIfExists(pub);
  return text === undefined ? undefined : parseKeyLine(text)?.fingerprint;
}

export async function sshdConfigured(home: string): Promise<boolean> {
  return (
    (await readIfExists(sshdConfigFile(home))) !== undefined &&
    (await readIfExists(hostKeyFile(home))) !== undefined
  );
}
