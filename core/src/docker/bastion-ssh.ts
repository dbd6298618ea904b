import fs from 'node:fs';
import path from 'node:path';
import { DOCKER_BASTION_HOST } from '@studio-teams/schema';
import { UserError } from '../errors';
import type { BastionConnection } from './connection-secret';
import { readText, writeAtomic } from './files';
import {
  type BlockMarkers,
  MarkedBlockError,
  opensSshSection,
  readMarkedBlock,
  upsertMarkedBlock,
} from './marked-block';

/**
 * The container's ssh setup for the bastion: the key from the secret in `~/.ssh/sm-bastion.pem`
 * (0600), and a marked `Host sm-bastion` block in `~/.ssh/config` whose ProxyCommand opens an SSM
 * session to the bastion (AWS-StartSSHSession) with our own data channel, so neither the AWS CLI nor
 * session-manager-plugin is needed.
 */

export const SSH_MARKERS: BlockMarkers = {
  start: '# >>> studio-teams docker >>>',
  end: '# <<< studio-teams docker <<<',
  owner: "use the panel's Docker section (Set up bastion)",
};
const START_NOTE = ' written by the Docker section of the Studio for Teams panel; edits inside are replaced';

/** The program ssh runs as ProxyCommand: node and the bundled ssm-proxy script. */
export interface ProxyProgram {
  node: string;
  script: string;
}

export interface BastionSshPaths {
  sshDir: string;
  config: string;
  key: string;
  knownHosts: string;
}

export function bastionSshPaths(home: string): BastionSshPaths {
  const sshDir = path.join(home, '.ssh');
  return {
    sshDir,
    config: path.join(sshDir, 'config'),
    key: path.join(sshDir, `${DOCKER_BASTION_HOST}.pem`),
    knownHosts: path.join(sshDir, 'known_hosts'),
  };
}

/** ssh runs ProxyCommand with `/bin/sh -c`: single quotes keep every byte but `'` itself. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** ssh config is one directive a line: a line break inside a value would start a directive of its own. */
function oneLine(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\0-\x1f\x7f]/.test(value))
    throw new UserError(
      `${what} has a line break or control character, which cannot go into an ssh config: ${JSON.stringify(value)}`,
    );
  return value;
}

/** A path as an ssh config argument: `%` is a token there, `"` cannot be quoted at all. */
function configPath(file: string): string {
  oneLine(file, 'the path');
  if (file.includes('"'))
    throw new UserError(`a path with a double quote cannot go into an ssh config: ${file}`);
  const p = file.replace(/%/g, '%%');
  return /\s/.test(p) ? `"${p}"` : p;
}

/** The ProxyCommand: `node ssm-proxy.js --region R i-…`, its `%` doubled (ssh expands tokens first). */
export function proxyCommandLine(proxy: ProxyProgram, region: string, instanceId: string): string {
  return [proxy.node, proxy.script, '--region', region, instanceId]
    .map((w) => shellWord(oneLine(w, 'the ProxyCommand word')).replace(/%/g, '%%'))
    .join(' ');
}

/** The block's body: one `Host sm-bastion` section. */
export function renderBastionSection(options: {
  connection: Pick<BastionConnection, 'instanceId' | 'user'>;
  paths: BastionSshPaths;
  proxy: ProxyProgram;
  region: string;
}): string {
  const { connection, paths } = options;
  return [
    `Host ${DOCKER_BASTION_HOST}`,
    `  HostName ${connection.instanceId}`,
    `  User ${connection.user}`,
    `  IdentityFile ${configPath(paths.key)}`,
    '  IdentitiesOnly yes',
    // The bastion is reached only through SSM: its key is learnt on first use, then held to.
    '  StrictHostKeyChecking accept-new',
    // Named, because ssh reads ~ from the passwd entry, which may not be this home.
    `  UserKnownHostsFile ${configPath(paths.knownHosts)}`,
    '  ServerAliveInterval 60',
    `  ProxyCommand ${proxyCommandLine(options.proxy, options.region, connection.instanceId)}`,
    '',
  ].join('\n');
}

/**
 * Whether the config holds our block and the key file exists; with `expected`, whether they are
 * exactly what setup would write now, so a rotated key, a moved node or script (a reinstalled wheel)
 * or another bastion counts as not set up and the panel offers setup again. A damaged block counts
 * as absent.
 */
export function bastionSshConfigured(
  paths: BastionSshPaths,
  expected?: { section: string; privateKey: string },
): boolean {
  let block: string | undefined;
  try {
    block = readMarkedBlock(readText(paths.config), SSH_MARKERS, paths.config);
  } catch (err) {
    if (err instanceof MarkedBlockError) return false;
    throw err;
  }
  if (block === undefined || !fs.existsSync(paths.key)) return false;
  if (!expected) return true;
  return block.replace(/\r\n/g, '\n') === expected.section && readText(paths.key) === expected.privateKey;
}

/**
 * Writes the key (0600, temp then rename) and splices the block into ~/.ssh/config (kept 0600,
 * everything outside the block unchanged). Returns the files written.
 */
export function writeBastionSsh(options: {
  connection: BastionConnection;
  paths: BastionSshPaths;
  proxy: ProxyProgram;
  region: string;
}): string[] {
  const { paths } = options;
  let config: string;
  try {
    config = upsertMarkedBlock(readText(paths.config), renderBastionSection(options), SSH_MARKERS, {
      file: paths.config,
      startNote: START_NOTE,
      insertBefore: opensSshSection,
    });
  } catch (err) {
    if (err instanceof MarkedBlockError) throw new UserError(err.message, undefined, { cause: err });
    throw err;
  }
  // Only once the block is known to be writable: a refusal leaves no trace, not even ~/.ssh.
  fs.mkdirSync(paths.sshDir, { recursive: true, mode: 0o700 });
  writeAtomic(paths.key, options.connection.privateKey, 0o600);
  writeAtomic(paths.config, config, 0o600);
  return [paths.key, paths.config];
}
