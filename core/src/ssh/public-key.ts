/**
 * An OpenSSH public key line, checked as strictly as sshd will read it in `authorized_keys`: the
 * container half writes what we store there, so anything that is not exactly one plain key (options
 * such as `command="…"` or `from=…` smuggled in front, a second line, a private key pasted by
 * mistake, a blob whose inner type differs from the declared one) is refused here, with a message
 * that never echoes more than the offending word.
 */
import { createHash } from 'node:crypto';
import { EXIT, UserError } from '../errors';

/** Key types sshd accepts in authorized_keys by default (DSA has been refused since OpenSSH 7.0). */
export const KEY_TYPES = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;
export type KeyType = (typeof KEY_TYPES)[number];

const isKeyType = (s: string): s is KeyType => (KEY_TYPES as readonly string[]).includes(s);

/** The authorized_keys options sshd knows; any of them before the key type is a smuggled option. */
const OPTION_NAMES = [
  'agent-forwarding',
  'cert-authority',
  'command',
  'environment',
  'expiry-time',
  'from',
  'no-agent-forwarding',
  'no-port-forwarding',
  'no-pty',
  'no-user-rc',
  'no-x11-forwarding',
  'no-touch-required',
  'permitlisten',
  'permitopen',
  'port-forwarding',
  'principals',
  'pty',
  'restrict',
  'tunnel',
  'user-rc',
  'verify-required',
  'x11-forwarding',
];

/** Weaker RSA moduli are refused: OpenSSH rejects under 1024, and 1024 is breakable. */
export const MIN_RSA_BITS = 2048;
/** Far above any real key line (a 16384-bit RSA key is about 2.8 KB); stops pasted files early. */
export const MAX_KEY_LINE = 8192;
const MAX_COMMENT = 1024;

export interface PublicKey {
  type: KeyType;
  /** The key blob, base64 as in the file. */
  base64: string;
  comment: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** RSA modulus or curve size; 256 for ed25519. */
  bits: number;
  /** The line as stored: `type base64 [comment]`, single spaces, no line break. */
  line: string;
}

export class PublicKeyError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/**
 * Parses one public key (the text of an `id_*.pub` file: one line, optionally ending in a line break).
 * `source` names it in messages ("~/.ssh/id_ed25519.pub").
 */
export function parsePublicKey(text: string, source = 'the public key'): PublicKey {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /PuTTY-User-Key-File/.test(text)) {
    throw new PublicKeyError(
      `${source} is a private key, not a public one; give the .pub file next to it (nothing was stored)`,
    );
  }
  if (text.length > MAX_KEY_LINE) {
    throw new PublicKeyError(
      `${source} is ${text.length} bytes; a public key line is at most ${MAX_KEY_LINE}`,
    );
  }
  // Trailing blank lines are what editors leave behind; any other extra line is a second key or junk.
  const lines = text.replace(/(\r?\n[ \t]*)+$/, '').split(/\r?\n/);
  const keyLines = lines.filter((l) => l.trim() !== '');
  if (keyLines.length === 0) throw new PublicKeyError(`${source} is empty`);
  if (lines.length > 1) {
    throw new PublicKeyError(
      `${source} has ${lines.length} lines; give exactly one key (one line: type, key, optional comment)`,
    );
  }
  const line = keyLines[0]!;
  // Control characters (NUL, CR, escape sequences) have no place in a key line and could hide text.
  const control = [...line].find((c) => (c < ' ' && c !== '\t') || c === '\u007f');
  if (control !== undefined) {
    throw new PublicKeyError(
      `${source} contains the control character U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  const trimmed = line.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  const [first = '', rest = ''] = splitWord(trimmed);
  if (!isKeyType(first)) throw new PublicKeyError(describeBadStart(first, trimmed, source));
  const [base64, commentPart = ''] = splitWord(rest);
  if (!base64) throw new PublicKeyError(`${source} has the type ${first} but no key after it`);
  const comment = commentPart.trim();
  if (comment.length > MAX_COMMENT) {
    throw new PublicKeyError(`${source} has a ${comment.length}-character comment; at most ${MAX_COMMENT}`);
  }
  const blob = decodeBase64(base64, source);
  const bits = checkBlob(first, blob, source);
  return {
    type: first,
    base64,
    comment,
    fingerprint: fingerprintOf(blob),
    bits,
    line: comment ? `${first} ${base64} ${comment}` : `${first} ${base64}`,
  };
}

/** `SHA256:<base64 without padding>` of the blob, as OpenSSH prints fingerprints. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Two keys are the same key whatever their comments say. */
export const sameKey = (a: Pick<PublicKey, 'type' | 'base64'>, b: Pick<PublicKey, 'type' | 'base64'>) =>
  a.type === b.type && a.base64 === b.base64;

function splitWord(s: string): [string, string] {
  const m = /^(\S+)[ \t]*(.*)$/.exec(s);
  return m ? [m[1]!, m[2]!] : ['', ''];
}

function describeBadStart(first: string, line: string, source: string): string {
  const optionName = /^[A-Za-z-]+/.exec(first)?.[0]?.toLowerCase() ?? '';
  const laterType = line.split(/[ \t]+/).find((w) => isKeyType(w));
  if (OPTION_NAMES.includes(optionName) || (laterType && /[=,"]/.test(first))) {
    return (
      `${source} starts with the option "${optionName || short(first)}": key options ` +
      `(command=, from=, no-pty, …) are not accepted, give the plain key line`
    );
  }
  if (first === 'ssh-dss') return `${source} is a DSA key, which OpenSSH no longer accepts; use ed25519`;
  if (first.includes('-cert-v01@openssh.com')) {
    return `${source} is an SSH certificate; give the plain public key it was issued for`;
  }
  if (laterType) {
    return `${source} has "${short(first)}" before the key type ${laterType}; give the plain key line`;
  }
  return (
    `${source} does not start with a known key type ("${short(first)}"); ` +
    `expected one of ${KEY_TYPES.join(', ')}`
  );
}

const short = (s: string): string => (s.length > 24 ? `${s.slice(0, 24)}…` : s);

function decodeBase64(text: string, source: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new PublicKeyError(`${source} has a key that is not valid base64`);
  }
  const blob = Buffer.from(text, 'base64');
  // Node's decoder is lenient; a canonical encoding must come back unchanged.
  if (blob.toString('base64') !== text) {
    throw new PublicKeyError(`${source} has a key that is not valid base64`);
  }
  return blob;
}

/** Reads the SSH wire format: uint32 length-prefixed strings. */
class WireReader {
  private offset = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly source: string,
  ) {}

  string(what: string): Buffer {
    if (this.offset + 4 > this.buf.length) throw this.malformed(`it ends before the ${what}`);
    const length = this.buf.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.buf.length) throw this.malformed(`the ${what} runs past its end`);
    this.offset = start + length;
    return this.buf.subarray(start, start + length);
  }

  end(): void {
    if (this.offset !== this.buf.length) {
      throw this.malformed(`${this.buf.length - this.offset} unexpected bytes follow the key`);
    }
  }

  malformed(why: string): PublicKeyError {
    return new PublicKeyError(`${this.source} is malformed: ${why}`);
  }
}

const CURVES: Record<string, { name: string; pointLength: number; bits: number }> = {
  'ecdsa-sha2-nistp256': { name: 'nistp256', pointLength: 65, bits: 256 },
  'ecdsa-sha2-nistp384': { name: 'nistp384', pointLength: 97, bits: 384 },
  'ecdsa-sha2-nistp521': { name: 'nistp521', pointLength: 133, bits: 521 },
  'sk-ecdsa-sha2-nistp256@openssh.com': { name: 'nistp256', pointLength: 65, bits: 256 },
};

/** Checks the blob's structure for its type; returns the key size in bits. */
function checkBlob(type: KeyType, blob: Buffer, source: string): number {
  const r = new WireReader(blob, source);
  const inner = r.string('key type').toString('latin1');
  if (inner !== type) {
    throw r.malformed(`the line says ${type} but the key inside is "${short(inner)}"`);
  }
  let bits: number;
  switch (type) {
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com': {
      if (r.string('ed25519 key').length !== 32) throw r.malformed('an ed25519 key is 32 bytes');
      bits = 256;
      break;
    }
    case 'ssh-rsa': {
      const e = r.string('RSA exponent');
      const n = r.string('RSA modulus');
      if (e.length === 0 || (e[0]! & 0x80) !== 0) throw r.malformed('the RSA exponent is not positive');
      bits = mpintBits(n);
      if (bits < MIN_RSA_BITS) {
        throw new PublicKeyError(
          `${source} is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required (ed25519 is better)`,
        );
      }
      break;
    }
    default: {
      const curve = CURVES[type]!;
      const name = r.string('curve name').toString('latin1');
      if (name !== curve.name) throw r.malformed(`the curve is "${short(name)}", not ${curve.name}`);
      const point = r.string('curve point');
      if (point.length !== curve.pointLength || point[0] !== 0x04) {
        throw r.malformed(`the ${curve.name} point is not an uncompressed ${curve.pointLength}-byte point`);
      }
      bits = curve.bits;
    }
  }
  if (type.startsWith('sk-')) {
    const application = r.string('security key application').toString('latin1');
    if (!application.startsWith('ssh:'))
      throw r.malformed('the security key application must start with ssh:');
  }
  r.end();
  return bits;
}

function mpintBits(n: Buffer): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i) * 8 - Math.clz32(n[i]!) + 24;
}
