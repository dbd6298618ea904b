import { execFile } from 'node:child_process';
import type { GitProvider } from '@studio-teams/schema';
import { UserError } from '../errors';

/** `user.name` and `user.email` for commits, from the user profile's tags; either may be missing. */
export interface GitIdentity {
  name?: string | undefined;
  email?: string | undefined;
}

export interface HelperRegistration {
  provider: GitProvider;
  /** The helper as git runs it: `!'<node>' '<git-credential.js>' --secret … --region …`. */
  command: string;
  identity: GitIdentity;
  /** The environment git runs in: HOME / GIT_CONFIG_GLOBAL decide which file is written. */
  env: Record<string, string | undefined>;
  /** @default 'git' */
  git?: string;
}

/** `'…'` for a POSIX shell: git runs a `!` helper through `sh -c`. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** The helper command for git's config: node and the helper file, with what `get` needs baked in. */
export function helperCommand(node: string, helperFile: string, args: string[]): string {
  return `!${[node, helperFile, ...args].map(shellQuote).join(' ')}`;
}

/**
 * Registers the helper for the provider's URL only, in the user's global git config. An empty
 * helper first clears helpers configured for every host (a `credential.helper store` would
 * otherwise write the PAT to ~/.git-credentials after each use). Run again, it replaces its entries.
 */
export async function registerCredentialHelper(reg: HelperRegistration): Promise<string[]> {
  const key = `credential.${reg.provider.url}.helper`;
  const run = (args: string[]) => git(reg.git ?? 'git', ['config', '--global', ...args], reg.env);
  await run(['--unset-all', key]).catch((error: unknown) => {
    // Exit 5: there was nothing to unset.
    if ((error as { code?: unknown }).code !== 5) throw error;
  });
  await run(['--add', key, '']);
  await run(['--add', key, reg.command]);
  const done = [`${key} -> this helper`];
  if (reg.identity.name) {
    await run(['user.name', reg.identity.name]);
    done.push(`user.name = ${reg.identity.name}`);
  }
  if (reg.identity.email) {
    await run(['user.email', reg.identity.email]);
    done.push(`user.email = ${reg.identity.email}`);
  }
  return done;
}

function git(program: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = typeof error.code === 'number' ? error.code : undefined;
      if (code === 5) return reject(Object.assign(new Error('nothing to unset'), { code }));
      const why = stderr.trim() || error.message;
      reject(new UserError(`git ${args.slice(0, 3).join(' ')} failed: ${why}`));
    });
  });
}
