import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPublicKey, keyLines } from '../src/containers/public-keys';
import {
  containerPaths,
  findSftpServer,
  findSshd,
  loginScript,
  sshdConfig,
} from '../src/containers/sshd-config';
import { checkDataChannelSettings, dataChannelFromEnv } from '../src/ssm/data-channel-settings';
import { consumeToken, settle, TOKEN_LIFETIME_MS, type SessionRecord } from '../src/ssm/session-store';
import { tempDir } from './support/harness';
import { makeKey } from './support/ssh';

/** The sandbox container's parts on their own: key checks, sshd's configuration, the login wrapper. */

const dir = tempDir('ssh-container-');
afterAll(() => dir.remove());

describe('checkPublicKey', () => {
  const { publicKey } = makeKey(join(dir.path, 'keys'), 'laptop');
  const rsa = (bits: number): string => {
    const file = join(dir.path, 'keys', `rsa${bits}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', String(bits), '-N', '', '-C', 'rsa', '-f', file]);
    return execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
  };

  test('takes a bare key, keeps its comment and fingerprints it as ssh-keygen does', () => {
    const check = checkPublicKey(`  ${publicKey}  `);
    const file = join(dir.path, 'keys', 'laptop.pub');
    const expected = execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' }).split(' ')[1];
    expect(check).toEqual({
      ok: true,
      line: publicKey,
      type: 'ssh-ed25519',
      fingerprint: expected,
      comment: 'laptop@laptop',
    });
    expect(checkPublicKey(rsa(3072)).ok).toBe(true);
  });

  test.each([
    [`command="id" ${'KEY'}`, /options before the key/],
    [`from="192.0.2.1" KEY`, /options before the key/],
    ['no-port-forwarding,no-pty KEY', /options before the key/],
    ['restrict KEY', /options before the key/],
    ['cert-authority KEY', /options before the key/],
    ['environment="PATH=/tmp" KEY', /options before the key/],
    ['ssh-ed25519', /not base64/],
    ['ssh-ed25519 AAAA====', /not base64/],
    ['ssh-dss AAAAB3NzaC1kc3MAAACBAP', /not a public key type/],
    ['KEY\u0007bell', /control characters/],
    ['KEY\nssh-ed25519 AAAA', /control characters/],
  ])('refuses %j', (line, reason) => {
    const check = checkPublicKey(line.replace('KEY', publicKey));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  test('refuses a blob that is not the key its type says, and weak RSA', () => {
    const [, blob] = publicKey.split(' ');
    expect(checkPublicKey(`ssh-rsa ${blob}`)).toEqual({
      ok: false,
      reason: 'the ssh-rsa key is malformed: it encodes a different key type',
    });
    expect(checkPublicKey(`ssh-ed25519 ${Buffer.from('garbage!').toString('base64')}`).ok).toBe(false);
    expect(checkPublicKey(rsa(1024))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/1024-bit RSA is too weak/),
    });
  });

  test('reads one key per line from a String, and comma-separated from a StringList', () => {
    expect(keyLines('a\r\n\n# note\n b \n', 'String')).toEqual(['a', 'b']);
    expect(keyLines('a,b\nc', 'StringList')).toEqual(['a', 'b', 'c']);
  });
});

describe('sshd configuration', () => {
  const sshd = findSshd();
  const paths = containerPaths(join(dir.path, 'homes', 'with space'));

  test('is public-key only, on loopback, for one user, and sshd -t accepts it', () => {
    const text = sshdConfig({ name: 'c', paths, port: 2222, user: 'someone', forceLogin: true });
    for (const line of [
      'ListenAddress 127.0.0.1',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AuthenticationMethods publickey',
      'UsePAM no',
      'AllowAgentForwarding yes',
      'AllowTcpForwarding yes',
      'Subsystem sftp internal-sftp',
      'AllowUsers someone',
      `AuthorizedKeysFile "${paths.authorizedKeys}"`,
      `PidFile "${paths.pidFile}"`,
    ])
      expect(text.split('\n')).toContain(line);
    if (!sshd) return;
    mkdirSync(paths.system, { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', paths.hostKey]);
    writeFileSync(paths.config, text);
    const test = spawnSync(sshd, ['-t', '-f', paths.config], { encoding: 'utf8' });
    expect({ status: test.status, stderr: test.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('the login wrapper starts everything in the container home, and turns internal-sftp into sftp-server', () => {
    const script = join(dir.path, 'login.sh');
    writeFileSync(script, loginScript(paths.home, '/bin/echo'), { mode: 0o755 });
    mkdirSync(paths.home, { recursive: true });
    const run = (command: string | undefined) =>
      spawnSync('/bin/sh', [script], {
        env: {
          PATH: process.env['PATH'],
          SHELL: '/bin/sh',
          ...(command !== undefined ? { SSH_ORIGINAL_COMMAND: command } : {}),
        },
        encoding: 'utf8',
        input: 'echo from-login-shell\n',
      }).stdout;
    expect(run('pwd; echo "$HOME"')).toBe(`${paths.home}\n${paths.home}\n`);
    expect(run('internal-sftp')).toBe('\n');
    expect(run(undefined)).toBe('from-login-shell\n');
    expect(findSftpServer() === undefined || findSftpServer()?.endsWith('sftp-server')).toBe(true);
  });
});

describe('data-channel settings', () => {
  test('are checked field by field, from the admin endpoint and the environment alike', () => {
    expect(
      checkDataChannelSettings({ drop: 0.2, reorder: 'shuffle', seed: 3, maxPayloadSize: 1024 }),
    ).toEqual([]);
    expect(
      checkDataChannelSettings({ drop: 0.9, reorder: 'sideways', maxPayloadSize: 0, x: 1 }),
    ).toHaveLength(4);
    expect(
      dataChannelFromEnv({ EMULATOR_DATA_CHANNEL_DROP: '0.1', EMULATOR_DATA_CHANNEL_REORDER: 'reverse' }),
    ).toEqual({
      drop: 0.1,
      reorder: 'reverse',
    });
    expect(() => dataChannelFromEnv({ EMULATOR_DATA_CHANNEL_PAYLOAD_SIZE: 'big' })).toThrow(
      /EMULATOR_DATA_CHANNEL_PAYLOAD_SIZE=big is invalid/,
    );
  });
});

describe('session tokens', () => {
  const record = (): SessionRecord =>
    ({
      id: 's-1',
      status: 'Connecting',
      startedAt: 0,
      tokenDigest: createHash('sha256').update('secret').digest(),
      tokenUsed: false,
      tokenExpiresAt: TOKEN_LIFETIME_MS,
    }) as SessionRecord;

  test('open a session once, only with the right token, only in time', () => {
    const session = record();
    expect(consumeToken(session, 'wrong', 1)).toBe(false);
    expect(consumeToken(session, 'secret', TOKEN_LIFETIME_MS + 1)).toBe(false);
    expect(consumeToken(session, 'secret', 1)).toBe(true);
    expect(consumeToken(session, 'secret', 2)).toBe(false);
  });

  test('a session nobody connected to fails once its token expires', () => {
    const session = record();
    expect(settle(session, TOKEN_LIFETIME_MS).status).toBe('Connecting');
    expect(settle(session, TOKEN_LIFETIME_MS + 1)).toMatchObject({
      status: 'Failed',
      endedAt: TOKEN_LIFETIME_MS + 1,
      details: 'no client connected before the token expired',
    });
  });
});
