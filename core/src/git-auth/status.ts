import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type GitAuthStatus, type GitProvider, gitSecretName } from '@studio-teams/schema';
import { BadGitSecretError, type GitSecret, NoPatStoredError, readGitSecret, savePatHint } from './secret';

export interface GitAuthTarget {
  secrets: SecretsManagerClient;
  userProfileName: string;
  provider: GitProvider | null;
  /** How the caller's credentials are named in messages, e.g. `the Studio execution role`. */
  credentials?: string;
}

/** Whether a PAT is stored, for whom, and when it was last verified; never the PAT. */
export async function gitAuthStatus(target: GitAuthTarget): Promise<GitAuthStatus> {
  const secretName = gitSecretName(target.userProfileName);
  const base = { provider: target.provider, secretName };
  let secret: GitSecret;
  try {
    secret = await readGitSecret(target.secrets, secretName, target.credentials);
  } catch (error) {
    // Nothing stored and a malformed secret are states to show, with the way out; denial is not.
    if (error instanceof NoPatStoredError || error instanceof BadGitSecretError)
      return { ...base, stored: false, gitUserName: null, lastVerifiedAt: null, message: error.message };
    throw error;
  }
  return { ...base, ...describeStored(secret, target.provider) };
}

export function describeStored(
  secret: GitSecret,
  provider: GitProvider | null,
): Pick<GitAuthStatus, 'stored' | 'gitUserName' | 'lastVerifiedAt' | 'message'> {
  const user = secret.GITLAB_USER_NAME ?? null;
  const verifiedAt = secret.VERIFIED_AT ?? null;
  const who = user ? ` for ${user}` : '';
  const where = provider ? ` on ${provider.host}` : '';
  let message = verifiedAt
    ? `A PAT is stored${who}${where}, last verified ${verifiedAt}.`
    : `A PAT is stored${who}${where} but was never verified against the provider.`;
  if (provider && secret.GITLAB_HOST && secret.GITLAB_HOST !== provider.host)
    message += ` It was saved for ${secret.GITLAB_HOST}; ${savePatHint}.`;
  return { stored: true, gitUserName: user, lastVerifiedAt: verifiedAt, message };
}
