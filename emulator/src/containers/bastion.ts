import { createPublicKey, createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BASTION_CONNECTION_SECRET } from '@studio-teams/schema';
import type { AuthorizedKeysReport } from './authorized-keys';
import { Container } from './container';
import { startSshd, type RunningSshd } from './sshd';
import { findSftpServer, findSshd } from './sshd-config';

/**
 * The team bastion as a sandbox container: a real sshd on loopback, reached by SSM StartSession
 * (AWS-StartSSHSession) to the seed's bastion instance id. Its one authorised key is the public half
 * of the key in the bastion's connection secret, read at each session start, as the EC2 key pair's
 * public half sits in the real bastion's authorized_keys.
 */
export class BastionContainer extends Container {
  private bastionSshd: RunningSshd | undefined;
  private bastionStarting: Promise<RunningSshd> | undefined;

  constructor(
    readonly instanceId: string,
    homesDir: string,
    private readonly bastionUser: string,
  ) {
    super(
      `bastion-${instanceId}`,
      homesDir,
      { kind: 'managed-instance', instanceId },
      undefined,
      bastionUser,
    );
  }

  override get running(): RunningSshd | undefined {
    return this.bastionSshd;
  }

  override async prepare(options: {
    upstreamUrl: string | undefined;
    region: string;
    now: number;
  }): Promise<number> {
    this.keys = await authorizeSecretKey(this.paths.home, options);
    return (await this.ensureBastionSshd()).port;
  }

  private ensureBastionSshd(): Promise<RunningSshd> {
    if (this.bastionSshd) return Promise.resolve(this.bastionSshd);
    this.bastionStarting ??= this.launchBastion().finally(() => (this.bastionStarting = undefined));
    return this.bastionStarting;
  }

  private async launchBastion(): Promise<RunningSshd> {
    const sshd = findSshd();
    if (!sshd) throw new Error('OpenSSH server (sshd) is not installed: the local bastion cannot be reached');
    const running = await startSshd({
      name: this.name,
      paths: this.paths,
      user: this.bastionUser,
      sshd,
      sftpServer: findSftpServer(),
    });
    this.bastionSshd = running;
    void running.exited.then(() => {
      if (this.bastionSshd === running) this.bastionSshd = undefined;
    });
    return running;
  }

  override async stop(): Promise<void> {
    const running = this.bastionSshd ?? (await this.bastionStarting?.catch(() => undefined));
    this.bastionSshd = undefined;
    await running?.stop();
  }
}

// The bastion's own view of the secret (moto takes any key): the CDK app's key pair, in real life.
const BASTION_CREDENTIALS = { accessKeyId: 'local-bastion', secretAccessKey: 'local-bastion' };

/** Rewrites authorized_keys with the public half of the secret's key; nothing when it cannot be read. */
async function authorizeSecretKey(
  home: string,
  options: { upstreamUrl: string | undefined; region: string; now: number },
): Promise<AuthorizedKeysReport> {
  const report: AuthorizedKeysReport = { parameter: null, readAt: options.now, authorized: [], refused: [] };
  let publicKey: { line: string; type: string; fingerprint: string } | undefined;
  if (options.upstreamUrl === undefined)
    report.problem = 'no upstream (moto) to read the bastion secret from';
  else {
    const client = new SecretsManagerClient({
      endpoint: options.upstreamUrl,
      region: options.region,
      credentials: BASTION_CREDENTIALS,
      maxAttempts: 2,
    });
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET }));
      const privateKey = privateKeyOf(out.SecretString ?? '');
      publicKey = openSshPublicKey(privateKey);
    } catch (err) {
      report.problem = `cannot use ${BASTION_CONNECTION_SECRET}: ${(err as Error).message}`;
    } finally {
      client.destroy();
    }
  }
  if (publicKey)
    report.authorized.push({ fingerprint: publicKey.fingerprint, type: publicKey.type, comment: 'bastion' });
  else console.warn(`emulator: bastion: ${report.problem ?? 'no key'}; nobody may log in`);
  writeKeys(home, publicKey ? [`${publicKey.line} bastion`] : []);
  return report;
}

/** The secret's `private_key`: the base64 of a PEM key, as the CDK app stores it, or the PEM itself. */
function privateKeyOf(secretText: string): string {
  let parsed: { private_key?: unknown };
  try {
    parsed = JSON.parse(secretText) as { private_key?: unknown };
  } catch {
    // JSON.parse's message quotes the text, which holds the key: never into the log.
    throw new Error('the secret is not JSON');
  }
  const value = parsed.private_key;
  if (typeof value !== 'string') throw new Error('the secret has no private_key');
  return value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
}

/** The `ssh-rsa …` / `ssh-ed25519 …` line of a PEM private key. */
export function openSshPublicKey(privateKeyPem: string): { line: string; type: string; fingerprint: string } {
  const key = createPublicKey(privateKeyPem);
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  // An SSH mpint: big-endian, with a zero byte in front when the top bit is set.
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, 'base64url');
    return field(raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  let type: string;
  let blob: Buffer;
  if (key.asymmetricKeyType === 'rsa') {
    const jwk = key.export({ format: 'jwk' });
    type = 'ssh-rsa';
    blob = Buffer.concat([field(Buffer.from(type)), mpint(jwk.e!), mpint(jwk.n!)]);
  } else if (key.asymmetricKeyType === 'ed25519') {
    type = 'ssh-ed25519';
    blob = Buffer.concat([
      field(Buffer.from(type)),
      field(key.export({ format: 'der', type: 'spki' }).subarray(-32)),
    ]);
  } else
    throw new Error(
      `the local bastion takes RSA or Ed25519 keys, not ${key.asymmetricKeyType ?? 'this one'}`,
    );
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { line: `${type} ${blob.toString('base64')}`, type, fingerprint };
}

function writeKeys(home: string, lines: string[]): void {
  const dir = join(home, '.ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'authorized_keys');
  const tmp = `${file}.${process.pid}.tmp`;
  const text = ['# Written by the Studio emulator from the bastion connection secret.', ...lines, ''];
  try {
    writeFileSync(tmp, text.join('\n'), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
