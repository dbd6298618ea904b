import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { checkPublicKey, keyLines } from './public-keys';

/** What a container authorised at its last session start, for the snapshot and the panel's tests. */
export interface AuthorizedKeysReport {
  parameter: string | null;
  readAt: number;
  /** Fingerprints (`SHA256:…`) of the keys written. */
  authorized: { fingerprint: string; type: string; comment: string }[];
  /** Lines of the parameter that were refused, by position (1-based) and why; never the line itself. */
  refused: { line: number; reason: string }[];
  /** Why nothing could be read (no parameter yet, moto unreachable); the file is then left as it was. */
  problem?: string;
}

/** Where sshd looks for keys: the container's `~/.ssh/authorized_keys`. */
export const authorizedKeysFile = (home: string): string => join(home, '.ssh', 'authorized_keys');

// The container's own credentials in real life (its execution role); moto takes any key.
const CONTAINER_CREDENTIALS = { accessKeyId: 'local-container', secretAccessKey: 'local-container' };

/**
 * Reads the owner's public-key parameter from SSM (moto) and rewrites `authorized_keys` from it,
 * atomically (temp file + rename, 0600). Refused lines are logged by position and reason and never
 * written; the others are. When the parameter cannot be read the file is left alone, except that a
 * parameter that does not exist means no keys at all (the user removed them, or never ran init).
 */
export async function refreshAuthorizedKeys(options: {
  container: string;
  home: string;
  owner: string | undefined;
  upstreamUrl: string | undefined;
  region: string;
  now: number;
}): Promise<AuthorizedKeysReport> {
  const { container, home, owner, upstreamUrl, region, now } = options;
  if (owner === undefined) {
    writeAuthorizedKeys(home, [], 'no owner: nobody may log in');
    return {
      parameter: null,
      readAt: now,
      authorized: [],
      refused: [],
      problem: 'the container has no owner',
    };
  }
  const parameter = sshPublicKeysParameter(owner);
  const report: AuthorizedKeysReport = { parameter, readAt: now, authorized: [], refused: [] };
  if (upstreamUrl === undefined) {
    report.problem = 'no upstream (moto) to read the parameter from';
    return report;
  }
  const ssm = new SSMClient({
    endpoint: upstreamUrl,
    region,
    credentials: CONTAINER_CREDENTIALS,
    maxAttempts: 2,
  });
  let lines: string[];
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    lines = keyLines(Parameter?.Value ?? '', Parameter?.Type);
  } catch (err) {
    if ((err as { name?: string }).name !== 'ParameterNotFound') {
      report.problem = `cannot read ${parameter}: ${(err as Error).message}`;
      console.warn(`emulator: container ${container}: ${report.problem}; authorized_keys left as it was`);
      return report;
    }
    report.problem = `${parameter} does not exist (run \`sm-ssh init\`)`;
    lines = [];
  } finally {
    ssm.destroy();
  }
  const accepted: string[] = [];
  lines.forEach((line, i) => {
    const check = checkPublicKey(line);
    if (check.ok) {
      accepted.push(check.line);
      report.authorized.push({ fingerprint: check.fingerprint, type: check.type, comment: check.comment });
    } else {
      report.refused.push({ line: i + 1, reason: check.reason });
      console.warn(`emulator: container ${container}: refused key ${i + 1} of ${parameter}: ${check.reason}`);
    }
  });
  writeAuthorizedKeys(home, accepted, `from ${parameter}`);
  return report;
}

function writeAuthorizedKeys(home: string, keys: string[], source: string): void {
  const dir = join(home, '.ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = authorizedKeysFile(home);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const text = [`# Written by the Studio emulator ${source}; rewritten at each session start.`, ...keys, ''];
  try {
    writeFileSync(tmp, text.join('\n'), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
