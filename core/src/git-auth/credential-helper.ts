import { UserError } from '../errors';
import { formatCredentialAnswer, parseCredentialRequest } from './credential-protocol';
import { type GitSecret, isGitSecretError } from './secret';

/** What the helper says back: stdout goes to git, stderr to the person running git. */
export interface HelperAnswer {
  stdout: string;
  stderr: string;
}

const PREFIX = 'studio-teams git-auth';

/**
 * Answers git's `get`: the stored user and PAT when the request is for the provider, nothing
 * otherwise. Failures are explained on stderr and answered with nothing, so git goes on to ask
 * the terminal (or fails with "terminal prompts disabled") instead of hanging.
 */
export async function answerCredentialGet(
  input: string,
  providerHost: string,
  readSecret: () => Promise<GitSecret>,
): Promise<HelperAnswer> {
  const request = parseCredentialRequest(input);
  // Registered for this host only, but a mistaken config (or a request naming no host, as a
  // `git credential fill` by hand may) must never hand the PAT elsewhere.
  if (request.host === undefined || request.host.toLowerCase() !== providerHost.toLowerCase())
    return { stdout: '', stderr: '' };
  let secret: GitSecret;
  try {
    secret = await readSecret();
  } catch (error) {
    if (isGitSecretError(error) || error instanceof UserError)
      return { stdout: '', stderr: `${PREFIX}: ${error.message}\n` };
    const e = error as { name?: string; message?: string };
    return {
      stdout: '',
      stderr: `${PREFIX}: cannot read your GitLab PAT from Secrets Manager (${e.name ?? 'Error'}: ${oneLine(e.message)})\n`,
    };
  }
  const username = secret.GITLAB_USER_NAME ?? request.username;
  if (request.username !== undefined && username !== request.username) {
    // The URL names another user: answering with ours would log in as someone else.
    return {
      stdout: '',
      stderr: `${PREFIX}: the stored PAT is ${username}'s, but the URL names ${request.username}\n`,
    };
  }
  return {
    stdout: formatCredentialAnswer({
      ...(username !== undefined ? { username } : {}),
      password: secret.GITLAB_PAT,
    }),
    stderr: '',
  };
}

const oneLine = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
