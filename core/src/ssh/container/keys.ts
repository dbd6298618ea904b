/**
 * The user's public keys as the container sees them: read from the per-user SSM parameter that
 * `sm-ssh init` writes, shown as type, fingerprint and comment only, and removable one at a time.
 */
import { createHash } from 'node:crypto';
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { UserError } from '../../errors';
import { KEY_TYPES } from '../public-key';

/** The laptop's list, so both halves agree on what a key is. */
const KNOWN_KEY_TYPES: ReadonlySet<string> = new Set(KEY_TYPES);

export interface AuthorisedKey {
  type: string;
  /** `SHA256:…` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  comment: string;
}

/** A plain key line (`type base64 [comment]`), or undefined for anything sshd should not be given. */
export function parseKeyLine(line: string): (AuthorisedKey & { line: string }) | undefined {
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: (.*))?$/.exec(line.trim());
  if (!match) return undefined;
  const [, type = '', base64 = '', comment = ''] = match;
  if (!KNOWN_KEY_TYPES.has(type)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  // The blob starts with its own type as an SSH string: a mismatch is a pasted or forged key.
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + length).toString('latin1') !== type) return undefined;
  if (/[\r\n\0]/.test(comment)) return undefined;
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { type, fingerprint, comment, line: `${type} ${base64}${comment ? ` ${comment}` : ''}` };
}

interface StoredValue {
  /** The parameter's lines, blank ones dropped; lines that are not keys are kept as they are. */
  lines: string[];
  type: 'String' | 'StringList' | undefined;
}

async function readParameter(ssm: SSMClient, userProfileName: string): Promise<StoredValue> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: sshPublicKeysParameter(userProfileName) }));
    const type = out.Parameter?.Type === 'StringList' ? 'StringList' : 'String';
    const value = out.Parameter?.Value ?? '';
    const lines = value.split(type === 'StringList' ? /[\r\n,]+/ : /\r?\n/);
    return { lines: lines.filter((l) => l.trim() !== ''), type };
  } catch (error) {
    if ((error as { name?: string } | null)?.name === 'ParameterNotFound')
      return { lines: [], type: undefined };
    throw error;
  }
}

/** The keys sshd will accept, in the parameter's order; lines that are not plain keys are left out. */
export async function readAuthorisedKeys(ssm: SSMClient, userProfileName: string): Promise<AuthorisedKey[]> {
  const { lines } = await readParameter(ssm, userProfileName);
  return lines.flatMap((l) => {
    const key = parseKeyLine(l);
    return key ? [{ type: key.type, fingerprint: key.fingerprint, comment: key.comment }] : [];
  });
}

/** The key lines to write to `authorized_keys`: exactly the plain keys, nothing else. */
export async function authorizedKeysLines(ssm: SSMClient, userProfileName: string): Promise<string[]> {
  const { lines } = await readParameter(ssm, userProfileName);
  return lines.flatMap((l) => {
    const key = parseKeyLine(l);
    return key ? [key.line] : [];
  });
}

export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/**
 * Rewrites the parameter without the key of that fingerprint; every other line stays as it was, in
 * its order. Removing a key that is not there is an error the caller can show (it may be a typo).
 */
export async function removeKeyFromParameter(
  ssm: SSMClient,
  userProfileName: string,
  fingerprint: string,
): Promise<AuthorisedKey> {
  if (!FINGERPRINT.test(fingerprint))
    throw new UserError(
      `"${fingerprint.slice(0, 60)}" is not a key fingerprint (SHA256:… as ssh-keygen -l prints it)`,
    );
  const name = sshPublicKeysParameter(userProfileName);
  const { lines, type } = await readParameter(ssm, userProfileName);
  const removed = lines.map(parseKeyLine).find((k) => k?.fingerprint === fingerprint);
  if (!removed) throw new KeyNotFoundError(`no key ${fingerprint} is authorised in ${name}`);
  const kept = lines.filter((l) => parseKeyLine(l)?.fingerprint !== fingerprint);
  const separator = type === 'StringList' ? ',' : '\n';
  if (kept.length === 0) {
    // An SSM parameter cannot be empty; a lone space reads back as no keys.
    await ssm.send(new PutParameterCommand({ Name: name, Value: ' ', Type: 'String', Overwrite: true }));
  } else {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: kept.join(separator),
        Type: type ?? 'String',
        Overwrite: true,
      }),
    );
  }
  return { type: removed.type, fingerprint: removed.fingerprint, comment: removed.comment };
}

export class KeyNotFoundError extends UserError {}
