import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { UserError } from '../errors';

/**
 * The user's git secret (`gitlab-<user profile>`). The original stored `{"GITLAB_PAT": …}`; the
 * other fields are ours and optional, so a secret the original wrote still works (no user, never
 * verified). Written with JSON.stringify: a PAT with a quote or backslash stays one value.
 */
export interface GitSecret {
  GITLAB_PAT: string;
  /** The git user the PAT belongs to: git's username in the credential answer. */
  GITLAB_USER_NAME?: string;
  /** The provider host it was saved for. */
  GITLAB_HOST?: string;
  /** ISO time the provider last accepted it; null when saved unverified. */
  VERIFIED_AT?: string | null;
  SAVED_AT?: string;
}

/** Where to save a PAT, and how to say so; every message names the secret, never its value. */
export const savePatHint =
  "save one in the Studio for Teams panel's Git section, or run `sm-studio git-auth` on your laptop";

/** No secret, no value in it yet, or no PAT in its JSON: nothing to answer git with. */
export class NoPatStoredError extends UserError {
  constructor(
    readonly secretName: string,
    detail: string,
  ) {
    super(`no GitLab PAT is stored (${detail}): ${savePatHint}`);
  }
}

/** The secret holds something other than our JSON: a person must save the PAT again. */
export class BadGitSecretError extends UserError {
  constructor(
    readonly secretName: string,
    detail: string,
  ) {
    super(`secret ${secretName} ${detail}; save your PAT again to replace it (${savePatHint})`);
  }
}

/** The role may not read or write the secret: only an admin can fix that. */
export class GitSecretAccessError extends UserError {
  constructor(
    readonly secretName: string,
    action: string,
    credentials: string,
  ) {
    super(
      `${credentials} may not call secretsmanager:${action} on secret ${secretName}; ask your Studio admin ` +
        'to allow it (the CDK app grants each user their own gitlab-<user> secret)',
    );
  }
}

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;
const NOT_FOUND = /ResourceNotFound/;

interface SdkError {
  name?: string;
  message?: string;
}

/** Reads and parses the secret. Missing, empty, denied and malformed each throw their own error. */
export async function readGitSecret(
  client: SecretsManagerClient,
  secretName: string,
  credentials = 'this role',
): Promise<GitSecret> {
  let text: string | undefined;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    text = out.SecretString;
    if (text === undefined && out.SecretBinary) text = Buffer.from(out.SecretBinary).toString('utf8');
  } catch (error) {
    const e = error as SdkError;
    if (NOT_FOUND.test(e.name ?? '')) {
      // Secrets Manager says "can't find the specified secret value" for a secret without a version.
      const detail = /secret value/i.test(e.message ?? '')
        ? `secret ${secretName} has no value yet`
        : `secret ${secretName} does not exist`;
      throw new NoPatStoredError(secretName, detail);
    }
    if (DENIED.test(e.name ?? '')) throw new GitSecretAccessError(secretName, 'GetSecretValue', credentials);
    throw error;
  }
  if (text === undefined || text.trim() === '')
    throw new NoPatStoredError(secretName, `secret ${secretName} is empty`);
  return parseGitSecret(secretName, text);
}

export function parseGitSecret(secretName: string, text: string): GitSecret {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BadGitSecretError(secretName, 'does not hold valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new BadGitSecretError(secretName, 'does not hold a JSON object');
  const fields = raw as Record<string, unknown>;
  const pat = fields.GITLAB_PAT;
  if (pat === undefined || pat === '')
    throw new NoPatStoredError(secretName, `secret ${secretName} has no GITLAB_PAT`);
  if (typeof pat !== 'string' || /[\r\n\0]/.test(pat))
    throw new BadGitSecretError(secretName, 'has a GITLAB_PAT that is not a one-line string');
  const optional = (key: string): string | undefined =>
    typeof fields[key] === 'string' && fields[key] !== '' ? (fields[key] as string) : undefined;
  const secret: GitSecret = { GITLAB_PAT: pat };
  const user = optional('GITLAB_USER_NAME');
  const host = optional('GITLAB_HOST');
  const verified = optional('VERIFIED_AT');
  const saved = optional('SAVED_AT');
  // git's credential answer is one `key=value` per line: a user name with a line break would add lines.
  if (user && /[\r\n\0]/.test(user))
    throw new BadGitSecretError(secretName, 'has a GITLAB_USER_NAME that is not a one-line string');
  if (user) secret.GITLAB_USER_NAME = user;
  if (host) secret.GITLAB_HOST = host;
  // Shown as a date-time (the status schema says so): a value that is no date counts as never verified.
  const verifiedTime = verified === undefined ? NaN : Date.parse(verified);
  secret.VERIFIED_AT = Number.isNaN(verifiedTime) ? null : new Date(verifiedTime).toISOString();
  if (saved) secret.SAVED_AT = saved;
  return secret;
}

/**
 * A new version of the secret (the CDK app creates it empty), or the secret itself when it does not
 * exist yet (a domain set up without the CDK app, the local Studio).
 */
export async function writeGitSecret(
  client: SecretsManagerClient,
  secretName: string,
  secret: GitSecret,
  credentials = 'this role',
): Promise<void> {
  const SecretString = JSON.stringify(secret);
  try {
    await client.send(new PutSecretValueCommand({ SecretId: secretName, SecretString }));
    return;
  } catch (error) {
    const e = error as SdkError;
    if (DENIED.test(e.name ?? '')) throw new GitSecretAccessError(secretName, 'PutSecretValue', credentials);
    if (!NOT_FOUND.test(e.name ?? '')) throw error;
  }
  try {
    await client.send(
      new CreateSecretCommand({
        Name: secretName,
        SecretString,
        Description: 'GitLab personal access token of one Studio user (sm-studio git-auth)',
      }),
    );
  } catch (error) {
    const e = error as SdkError;
    if (DENIED.test(e.name ?? '')) throw new GitSecretAccessError(secretName, 'CreateSecret', credentials);
    throw error;
  }
}

/** Whether an error is one of ours about the git secret (said to people as is). */
export const isGitSecretError = (error: unknown): error is UserError =>
  error instanceof NoPatStoredError ||
  error instanceof BadGitSecretError ||
  error instanceof GitSecretAccessError;
