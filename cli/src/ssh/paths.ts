import os from 'node:os';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The user's home as the environment says (tests and sandboxes set HOME); Windows keeps it in
 * USERPROFILE, which is where its OpenSSH looks for `.ssh`.
 */
export function homeDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = platform === 'win32' ? (env.USERPROFILE ?? env.HOME) : env.HOME;
  return fromEnv || os.homedir();
}

/** `~/.ssh/config` (Windows: `%USERPROFILE%\.ssh\config`), or the file given with --ssh-config. */
export function sshConfigPath(env: Env, given?: string): string {
  return given ? path.resolve(given) : path.join(homeDir(env), '.ssh', 'config');
}

export const DEFAULT_KEY_NAME = 'id_ed25519';

export interface KeyPaths {
  privateKey: string;
  publicKey: string;
}

/** `--key F` names either half of a pair: `F` and `F.pub`. */
export function keyPaths(env: Env, given?: string): KeyPaths {
  const file = given ? path.resolve(given) : path.join(homeDir(env), '.ssh', DEFAULT_KEY_NAME);
  const privateKey = file.endsWith('.pub') ? file.slice(0, -'.pub'.length) : file;
  return { privateKey, publicKey: `${privateKey}.pub` };
}

/** A path as the user knows it: `~/.ssh/id_ed25519` rather than the absolute one. */
export function displayPath(file: string, env: Env): string {
  const home = homeDir(env);
  return file === home || file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}
