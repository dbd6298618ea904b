/**
 * The per-user SSM parameter the user's containers read their `authorized_keys` from: one key line
 * per line. Laptops add to it; nothing here drops a line unless the caller's edit says so, not even a
 * line it cannot parse (someone may have put it there on purpose; the container refuses it anyway).
 */
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  type ParameterHistory,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { UserError } from '../errors';
import { allPages } from '../pagination';
import { parsePublicKey, type PublicKey, sameKey } from './public-key';

/** `/studio-teams/ssh/<profile>/public-keys`, the name the container half reads (schema's constant). */
export const publicKeysParameterName = sshPublicKeysParameter;

/** A Standard-tier parameter holds 4 KB: about 40 ed25519 keys, or 5 RSA-4096 keys. */
export const PARAMETER_MAX_CHARS = 4096;

export type StoredLine = { kind: 'key'; key: PublicKey } | { kind: 'other'; line: string };

/** The parameter's value, line by line; blank lines are dropped, anything else is kept. */
export function parseStoredKeys(value: string): StoredLine[] {
  return value
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line): StoredLine => {
      try {
        return { kind: 'key', key: parsePublicKey(line) };
      } catch {
        return { kind: 'other', line };
      }
    });
}

export const formatStoredKeys = (lines: readonly StoredLine[]): string =>
  lines.map((l) => (l.kind === 'key' ? l.key.line : l.line)).join('\n');

export interface StoredKeys {
  lines: StoredLine[];
  /** The parameter's version; undefined when it does not exist yet. */
  version: number | undefined;
}

export async function readPublicKeys(ssm: SSMClient, userProfileName: string): Promise<StoredKeys> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: publicKeysParameterName(userProfileName) }));
    return { lines: parseStoredKeys(out.Parameter?.Value ?? ''), version: out.Parameter?.Version };
  } catch (err) {
    if (errorName(err) === 'ParameterNotFound') return { lines: [], version: undefined };
    throw err;
  }
}

/** What an edit does: the new lines, or undefined for "nothing to change". */
export type KeysEdit = (current: readonly StoredLine[]) => StoredLine[] | undefined;

export interface KeysUpdate {
  lines: StoredLine[];
  /** False when the edit changed nothing and no write was made. */
  written: boolean;
  version: number | undefined;
}

const MAX_ATTEMPTS = 5;

/**
 * Read, edit, write, with optimistic concurrency: PutParameter answers with the version it made, so a
 * write that lands on top of someone else's (two laptops of the same person running `init` at once)
 * is noticed, the keys from the versions in between are read from the history, and the edit is
 * applied again on top of them: a racing writer's key is never lost.
 */
export async function updatePublicKeys(
  ssm: SSMClient,
  userProfileName: string,
  edit: KeysEdit,
): Promise<KeysUpdate> {
  const name = publicKeysParameterName(userProfileName);
  let carried: StoredLine[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await readPublicKeys(ssm, userProfileName);
    const base = mergeLines(current.lines, carried);
    const next = edit(base);
    if (!next && base.length === current.lines.length) {
      return { lines: current.lines, written: false, version: current.version };
    }
    const lines = next ?? base;
    const value = formatStoredKeys(lines);
    checkSize(value, lines);
    let version: number;
    try {
      const out = await ssm.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'String',
          Tier: 'Standard',
          Overwrite: current.version !== undefined,
          ...(current.version === undefined
            ? { Description: `SSH public keys of ${userProfileName}, read by their Studio containers` }
            : {}),
        }),
      );
      version = out.Version ?? (current.version ?? 0) + 1;
    } catch (err) {
      // Created by someone else since we looked: start again from theirs.
      if (errorName(err) === 'ParameterAlreadyExists') continue;
      throw err;
    }
    const expected = (current.version ?? 0) + 1;
    if (version <= expected) return { lines, written: true, version };
    const skipped = await versionsBetween(ssm, name, expected, version - 1);
    carried = mergeLines(
      carried,
      skipped.flatMap((v) => parseStoredKeys(v.Value ?? '')),
    );
    const missing = carried.filter((c) => !lines.some((l) => sameLine(l, c)));
    if (missing.length === 0) return { lines, written: true, version };
  }
  throw new UserError(
    `the SSH key parameter ${name} kept changing while it was being updated; try again in a moment`,
  );
}

/** Adds `key` to the parameter unless it is there; with `replace`, it becomes the only key. */
export function authorizeKeyEdit(key: PublicKey, opts: { replace?: boolean } = {}): KeysEdit {
  return (current) => {
    if (opts.replace) {
      const only = current.length === 1 && current[0]!.kind === 'key' && sameKey(current[0]!.key, key);
      return only ? undefined : [{ kind: 'key', key }];
    }
    if (current.some((l) => l.kind === 'key' && sameKey(l.key, key))) return undefined;
    return [...current, { kind: 'key', key }];
  };
}

function sameLine(a: StoredLine, b: StoredLine): boolean {
  if (a.kind === 'key' && b.kind === 'key') return sameKey(a.key, b.key);
  return a.kind === 'other' && b.kind === 'other' && a.line === b.line;
}

/** `base` followed by the lines of `extra` it does not have yet. */
function mergeLines(base: readonly StoredLine[], extra: readonly StoredLine[]): StoredLine[] {
  const out = [...base];
  for (const line of extra) if (!out.some((l) => sameLine(l, line))) out.push(line);
  return out;
}

function checkSize(value: string, lines: readonly StoredLine[]): void {
  if (value.length <= PARAMETER_MAX_CHARS) return;
  throw new UserError(
    `${lines.length} keys take ${value.length} characters, more than the ${PARAMETER_MAX_CHARS} an SSM ` +
      'parameter holds; replace the old keys with `sm-ssh init --replace-keys`, or use an ed25519 key',
  );
}

async function versionsBetween(
  ssm: SSMClient,
  name: string,
  from: number,
  to: number,
): Promise<ParameterHistory[]> {
  const history = await allPages(async (NextToken) => {
    const out = await ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken, MaxResults: 50 }));
    return { items: out.Parameters, nextToken: out.NextToken };
  });
  return history.filter((h) => h.Version !== undefined && h.Version >= from && h.Version <= to);
}

const errorName = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null ? (err as { name?: string }).name : undefined;
