import fs from 'node:fs';
import path from 'node:path';
import type { ssh } from '@studio-teams/core';
import { loadCore } from '../utils/core';
import { confirm } from '../utils/prompt';
import { displayPath, type KeyPaths } from './paths';
import { findOnPath, runCaptured, runOnTerminal } from './programs';
import type { SshCliIo } from './io';

export interface KeyChoice extends KeyPaths {
  key: ssh.PublicKey;
  created: boolean;
}

/**
 * The key pair `init` uses: the existing one, or a new ed25519 pair made by ssh-keygen after asking
 * (with `yes`, without asking and without a passphrase, as scripts need). The public half is read
 * and checked; the private half is never read by us.
 */
export async function chooseKey(io: SshCliIo, paths: KeyPaths, opts: { yes?: boolean }): Promise<KeyChoice> {
  const { UserError } = loadCore();
  const shown = (f: string) => displayPath(f, io.env);
  let created = false;
  const hasPrivate = fs.existsSync(paths.privateKey);
  const hasPublic = fs.existsSync(paths.publicKey);
  if (!hasPrivate && !hasPublic) {
    const keygen = requireKeygen(io);
    const what = `create the key pair ${shown(paths.privateKey)}`;
    if (!opts.yes) {
      const ok = await confirm(
        io,
        `There is no ${shown(paths.privateKey)}. Create it with ssh-keygen -t ed25519?`,
        what,
      );
      if (!ok) throw new UserError(`no key: nothing was changed (pass --key FILE to use another key)`);
    }
    fs.mkdirSync(path.dirname(paths.privateKey), { recursive: true, mode: 0o700 });
    // Asked on a terminal, ssh-keygen asks for a passphrase itself; --yes is for scripts: none.
    const args = ['-t', 'ed25519', '-f', paths.privateKey, ...(opts.yes ? ['-N', '', '-q'] : [])];
    const code = await runOnTerminal(keygen, args, io.env);
    if (code !== 0) throw new UserError(`ssh-keygen failed (exit ${code}); no key was stored`);
    created = true;
    io.stderr.write(`created ${shown(paths.privateKey)} and ${shown(paths.publicKey)}\n`);
  } else if (!hasPublic) {
    await derivePublicKey(io, paths);
  }
  const { ssh: sshCore } = loadCore();
  const key = sshCore.parsePublicKey(fs.readFileSync(paths.publicKey, 'utf8'), shown(paths.publicKey));
  return { ...paths, key, created };
}

/** Writes the missing .pub of an unencrypted private key; an encrypted one needs the user. */
async function derivePublicKey(io: SshCliIo, paths: KeyPaths): Promise<void> {
  const { UserError } = loadCore();
  const shown = displayPath(paths.privateKey, io.env);
  const keygen = requireKeygen(io);
  const out = await runCaptured(keygen, ['-y', '-P', '', '-f', paths.privateKey], io.env);
  if (out.code !== 0) {
    throw new UserError(
      `${shown} has no .pub next to it and is protected by a passphrase; create it with ` +
        `\`ssh-keygen -y -f ${shown} > ${shown}.pub\` and run init again`,
    );
  }
  fs.writeFileSync(paths.publicKey, out.stdout, { mode: 0o644, flag: 'wx' });
  io.stderr.write(`wrote ${shown}.pub from the private key\n`);
}

function requireKeygen(io: SshCliIo): string {
  const keygen = findOnPath('ssh-keygen', io.env);
  if (keygen) return keygen;
  const { UserError } = loadCore();
  throw new UserError(
    'ssh-keygen is not on PATH: install the OpenSSH client, or pass --key with an existing key',
  );
}
