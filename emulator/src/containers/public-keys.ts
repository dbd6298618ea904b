import { createHash } from 'node:crypto';

/**
 * Checks one line of a user's public-key parameter before it may reach `authorized_keys`. Only a bare
 * key is accepted (`<type> <base64> [comment]`): no options, so nothing smuggled in the parameter can
 * force a command (`command=`), lift restrictions or widen where logins come from (`from=`).
 */

const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** The option keywords sshd understands before a key; named in the refusal so the user sees why. */
const OPTION =
  /^(?:[a-z-]+=|(?:cert-authority|no-[a-z-]+|restrict|pty|agent-forwarding|port-forwarding|user-rc|x11-forwarding|verify-required|no-touch-required)(?:,|$))/i;

/** Far above a 16384-bit RSA key: anything larger is not a key. */
const MAX_BLOB_BYTES = 8192;
const MIN_RSA_BITS = 2048;

export type KeyCheck =
  | { ok: true; line: string; type: string; fingerprint: string; comment: string }
  | { ok: false; reason: string };

export function checkPublicKey(raw: string): KeyCheck {
  const text = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text))
    return { ok: false, reason: 'the line holds control characters' };
  const [type = '', data = '', ...rest] = text.split(/[ \t]+/);
  if (!KEY_TYPES.has(type)) {
    if (OPTION.test(type) || text.includes('"'))
      return {
        ok: false,
        reason: `options before the key are not allowed (the line starts "${type.slice(0, 24)}")`,
      };
    return {
      ok: false,
      reason: `"${type.slice(0, 40)}" is not a public key type (${[...KEY_TYPES].join(', ')})`,
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0)
    return { ok: false, reason: `the ${type} key is not base64` };
  const blob = Buffer.from(data, 'base64');
  if (blob.length > MAX_BLOB_BYTES) return { ok: false, reason: `the ${type} key is too long` };
  const problem = checkBlob(type, blob);
  if (problem) return { ok: false, reason: `the ${type} key is malformed: ${problem}` };
  const comment = rest.join(' ');
  return {
    ok: true,
    line: comment ? `${type} ${data} ${comment}` : `${type} ${data}`,
    type,
    fingerprint: fingerprintOf(blob),
    comment,
  };
}

/** `SHA256:…`, as `ssh-keygen -l` prints it. */
export const fingerprintOf = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

/** The SSH wire encoding: length-prefixed strings; the first names the key type again. */
function checkBlob(type: string, blob: Buffer): string | undefined {
  const fields: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return 'a length field is cut short';
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return 'a field runs past the end';
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (fields[0]?.toString('latin1') !== type) return `it encodes a different key type`;
  if (type === 'ssh-ed25519')
    return fields.length === 2 && fields[1]?.length === 32 ? undefined : 'not 32 bytes';
  if (type === 'ssh-rsa') {
    const modulus = fields[2];
    if (fields.length !== 3 || !modulus) return 'no exponent and modulus';
    const bits = (modulus.length - (modulus[0] === 0 ? 1 : 0)) * 8;
    return bits >= MIN_RSA_BITS ? undefined : `${bits}-bit RSA is too weak (${MIN_RSA_BITS} at least)`;
  }
  if (type.startsWith('ecdsa-sha2-')) {
    const curve = type.slice('ecdsa-sha2-'.length);
    return fields.length === 3 && fields[1]?.toString('latin1') === curve ? undefined : 'wrong curve';
  }
  // Security-key types add the application string.
  return fields.length >= 3 ? undefined : 'missing fields';
}

/**
 * The keys a parameter value holds: one per line (a String), or comma-separated (a StringList; a
 * bare key has no commas). Blank lines and `#` comments are skipped.
 */
export function keyLines(value: string, type: string | undefined): string[] {
  const lines = value.split(/\r?\n/);
  const split = type === 'StringList' ? lines.flatMap((l) => l.split(',')) : lines;
  return split.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
