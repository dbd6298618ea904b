import type { GitAuthSaveResponse } from '@studio-teams/schema';
import { GitAuthSaveRequest, gitSecretName } from '@studio-teams/schema';
import { EXIT, UserError } from '../errors';
import { NoGitProviderError } from './provider';
import { type GitSecret, writeGitSecret } from './secret';
import { describeStored, type GitAuthTarget } from './status';
import { checkPat, type PatCheckOptions } from './verify';

const USERNAME = new RegExp(GitAuthSaveRequest.properties.username.pattern ?? '^[A-Za-z0-9_.@+-]+$');

/**
 * The username, trimmed, or a usage error. The sidecar's schema checks this too, but the CLI takes
 * --username as typed: a newline here would end up in git's credential answer as a line of its own.
 */
export function checkGitUsername(value: string): string {
  const username = value.trim();
  if (username === '') throw new UserError('a git username is needed', EXIT.usage);
  if (username.length > 255 || !USERNAME.test(username))
    throw new UserError(
      `"${username.replace(/[^\x20-\x7e]/g, '?')}" is not a git username: use letters, digits, ".", "_", "-", "@" or "+"`,
      EXIT.usage,
    );
  return username;
}

/** The provider said no: the PAT is wrong, expired, lacks a scope, or belongs to someone else. */
export class PatRejectedError extends UserError {
  constructor(reason: string) {
    super(`${reason}; nothing was saved`, EXIT.failure);
  }
}

/** The provider could not judge the PAT and the caller did not ask to save it regardless. */
export class ProviderUnreachableError extends UserError {
  constructor(
    reason: string,
    readonly retryHint: string,
  ) {
    super(`${reason}; nothing was saved (to store the PAT without checking it, ${retryHint})`, EXIT.failure);
  }
}

export interface SaveGitAuthInput extends GitAuthTarget {
  username: string;
  pat: string;
  /** Store it even when the provider cannot be reached; a refused PAT is never stored. */
  saveUnverified?: boolean;
  /** How the caller asks to save unverified, said in the refusal: `pass --save-unverified`. */
  saveUnverifiedHint?: string;
  now?: Date;
  check?: PatCheckOptions;
}

/** Checks the PAT against the provider, then writes a new version of the user's secret. */
export async function saveGitAuth(input: SaveGitAuthInput): Promise<GitAuthSaveResponse> {
  const { provider, pat } = input;
  if (!provider) throw new NoGitProviderError();
  const username = checkGitUsername(input.username);
  if (pat === '' || !/^[\x21-\x7e]+$/.test(pat))
    throw new UserError('the PAT must be one line of printable characters without spaces', EXIT.usage);
  const checked = await checkPat(provider, username, pat, input.check);
  if (checked.outcome === 'rejected') throw new PatRejectedError(checked.reason);
  if (checked.outcome === 'unreachable' && !input.saveUnverified)
    throw new ProviderUnreachableError(checked.reason, input.saveUnverifiedHint ?? 'set saveUnverified');

  const now = (input.now ?? new Date()).toISOString();
  const verified = checked.outcome === 'accepted';
  const secret: GitSecret = {
    GITLAB_PAT: pat,
    GITLAB_USER_NAME: verified ? checked.username : username,
    GITLAB_HOST: provider.host,
    VERIFIED_AT: verified ? now : null,
    SAVED_AT: now,
  };
  const secretName = gitSecretName(input.userProfileName);
  await writeGitSecret(input.secrets, secretName, secret, input.credentials);
  const status = { provider, secretName, ...describeStored(secret, provider) };
  // The scheme git will use: https, or plain http for a stand-in provider on loopback.
  const scheme = new URL(provider.url).protocol.replace(/:$/, '');
  const message = verified
    ? `Saved: ${provider.host} accepted the PAT of ${secret.GITLAB_USER_NAME}; git over ${scheme} to ${provider.host} now uses it.`
    : `Saved WITHOUT verification: ${checked.reason}. git will use it, but it may be wrong.`;
  return { message, verified, status };
}
