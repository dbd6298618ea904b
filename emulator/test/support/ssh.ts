import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../../src/moto';
import { sshTestSeed, type SshTestSeed } from '../../src/testing';

/** Helpers of the ssh tests: people with their own credentials, keys, and real OpenSSH. */

/** The ssh tests' people and spaces, named apart from the sm-ssh tests'. */
export const sshSeed = (): SshTestSeed => sshTestSeed('ssh');

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** A role named after the person, assumed with their name as the session name: how people call AWS. */
export async function credentialsOf(endpoint: string, person: string): Promise<Credentials> {
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local-admin', secretAccessKey: 'local-admin' },
  };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  try {
    await iam
      .send(
        new CreateRoleCommand({
          RoleName: person,
          AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'EntityAlreadyExistsException') throw err;
      });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::123456789012:role/${person}`, RoleSessionName: person }),
    );
    return {
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretAccessKey as string,
      sessionToken: Credentials?.SessionToken as string,
    };
  } finally {
    iam.destroy();
    sts.destroy();
  }
}

/** An ed25519 key pair made by ssh-keygen; returns the private key's path and the public line. */
export function makeKey(dir: string, name = 'id_ed25519'): { privateKey: string; publicKey: string } {
  mkdirSync(dir, { recursive: true });
  const privateKey = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@laptop`, '-f', privateKey]);
  return { privateKey, publicKey: readFileSync(`${privateKey}.pub`, 'utf8').trim() };
}

/**
 * The ProxyCommand: stdin and stdout bridged to a client session on the stream URL in its
 * environment, as `sm-ssh proxy` does. Bundled from core's sources with esbuild, so it runs what the
 * tests import and never a stale build; `ws` comes from the repository's node_modules.
 */
export function buildProxyCommand(dir: string): string {
  const out = join(dir, 'ssm-proxy.js');
  const source = `
    import { pipeline } from 'node:stream/promises';
    import { connectClientSession } from ${JSON.stringify(join(REPO_ROOT, 'core', 'src', 'ssm-session'))};
    async function main() {
      const session = await connectClientSession(process.env.SSM_STREAM_URL, {
        tokenValue: process.env.SSM_TOKEN,
        maxPayloadSize: 64 * 1024,
      });
      await session.ready;
      await pipeline(process.stdin, session, process.stdout);
      const end = await session.outcome;
      if (end.reason === 'error') throw end.error;
    }
    main().catch((err) => {
      process.stderr.write('proxy: ' + err.message + '\\n');
      process.exit(1);
    });
  `;
  buildSync({
    stdin: { contents: source, loader: 'ts', resolveDir: REPO_ROOT },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    packages: 'external',
    logLevel: 'error',
  });
  return out;
}

export interface SshResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Real `scp` (sftp underneath) through the proxy, as runSsh; `from` and `to` as scp takes them. */
export function runScp(options: {
  dir: string;
  proxy: string;
  session: { StreamUrl?: string; TokenValue?: string };
  alias: string;
  privateKey: string;
  from: string;
  to: string;
}): Promise<SshResult> {
  return run(
    'scp',
    [
      ...commonOptions(options),
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      options.privateKey,
      options.from,
      options.to,
    ],
    options,
  );
}

function commonOptions(options: { dir: string; proxy: string; alias: string }): string[] {
  return [
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${join(options.dir, 'known_hosts')}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    `HostKeyAlias=${options.alias}`,
    '-o',
    `ProxyCommand=${process.execPath} ${options.proxy}`,
    '-o',
    'LogLevel=ERROR',
  ];
}

/** Real `ssh` through the proxy to `alias`, with nothing from the machine's own ssh configuration. */
export function runSsh(options: {
  dir: string;
  proxy: string;
  session: { StreamUrl?: string; TokenValue?: string };
  user: string;
  alias: string;
  privateKey?: string;
  extra?: string[];
  /** None with `-W`, which makes ssh's standard streams the forwarded connection. */
  command?: string;
  input?: Buffer;
  env?: Record<string, string>;
}): Promise<SshResult> {
  const args = [
    ...commonOptions(options),
    ...(options.privateKey ? ['-o', 'IdentitiesOnly=yes', '-i', options.privateKey] : []),
    ...(options.extra ?? []),
    `${options.user}@${options.alias}`,
    ...(options.command !== undefined ? [options.command] : []),
  ];
  return run('ssh', args, options);
}

function run(
  program: string,
  args: string[],
  options: {
    dir: string;
    session: { StreamUrl?: string; TokenValue?: string };
    input?: Buffer;
    env?: Record<string, string>;
  },
): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: options.dir,
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        SSM_STREAM_URL: options.session.StreamUrl ?? '',
        SSM_TOKEN: options.session.TokenValue ?? '',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(options.input ?? Buffer.alloc(0));
  });
}
