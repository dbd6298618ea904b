import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAppCommand,
  DeleteAppCommand,
  DescribeAppCommand,
  SageMakerClient,
  StartSessionCommand,
  UpdateSpaceCommand,
  type StartSessionCommandOutput,
} from '@aws-sdk/client-sagemaker';
import {
  CreateActivationCommand,
  PutParameterCommand,
  SSMClient,
  StartSessionCommand as SsmStartSessionCommand,
} from '@aws-sdk/client-ssm';
import { ssmSession } from '@studio-teams/core';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { freePort } from '../src/moto';
import { startTestStudio, type TestStudio } from '../src/testing';
import { loginUser } from '../src/containers/container-store';
import { buildProxyCommand, makeKey, runScp, runSsh, sshSeed, type Credentials } from './support/ssh';

/**
 * SSH into the local Studio with real OpenSSH: `ssh` with our client end as its ProxyCommand, through
 * the emulator's data channel, to the sshd of a sandbox container; also while frames are dropped,
 * duplicated and reordered.
 */
jest.setTimeout(60_000);

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let studio: TestStudio;
let dir: string;
let proxy: string;
let key: { privateKey: string; publicKey: string };
let owner: string;
let profile: string;
let sm: SageMakerClient;
let ssm: SSMClient;
let domainId: string;
let spaceArn: string;
const user = loginUser();

const clientConfig = (credentials: Credentials) => ({
  endpoint: studio.emulator.url,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function appStatus(): Promise<string | undefined> {
  const app = await sm.send(
    new DescribeAppCommand({
      DomainId: domainId,
      SpaceName: 'lab',
      AppType: 'JupyterLab',
      AppName: 'default',
    }),
  );
  return app.Status;
}

beforeAll(async () => {
  const people = sshSeed();
  owner = people.owner;
  profile = owner.replace('.', '-');
  studio = await startTestStudio({ seed: people.seed });
  domainId = studio.emulator.domainId('datascience');
  spaceArn = `arn:aws:sagemaker:us-east-1:123456789012:space/${domainId}/lab`;
  dir = mkdtempSync(join(tmpdir(), 'ssh-e2e-'));
  key = makeKey(dir);
  proxy = buildProxyCommand(dir);
  const credentials = {
    accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
    sessionToken: studio.env.AWS_SESSION_TOKEN,
  };
  sm = new SageMakerClient(clientConfig(credentials));
  ssm = new SSMClient(clientConfig(credentials));
  await ssm.send(
    new PutParameterCommand({
      Name: sshPublicKeysParameter(profile),
      Type: 'String',
      Value: `${key.publicKey}\n`,
      Overwrite: true,
    }),
  );
  // Remote access on, and the app restarted to pick it up, as the container half will do it.
  await sm.send(
    new UpdateSpaceCommand({
      DomainId: domainId,
      SpaceName: 'lab',
      SpaceSettings: { RemoteAccess: 'ENABLED' },
    }),
  );
  await sm.send(
    new DeleteAppCommand({ DomainId: domainId, SpaceName: 'lab', AppType: 'JupyterLab', AppName: 'default' }),
  );
  await until('the app to be deleted', async () => ((await appStatus()) === 'Deleted' ? true : undefined));
  await sm.send(
    new CreateAppCommand({
      DomainId: domainId,
      SpaceName: 'lab',
      AppType: 'JupyterLab',
      AppName: 'default',
      ResourceSpec: { InstanceType: 'ml.t3.medium' },
    }),
  );
  await until('the app to be InService', async () =>
    (await appStatus()) === 'InService' ? true : undefined,
  );
});

afterAll(async () => {
  sm?.destroy();
  ssm?.destroy();
  await studio?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const startSpaceSession = (): Promise<StartSessionCommandOutput> =>
  sm.send(new StartSessionCommand({ ResourceIdentifier: spaceArn }));

test('ssh echo ok through SageMaker StartSession, our client end and the data channel, into the container home', async () => {
  const session = await startSpaceSession();
  // The data channel's endpoint is not the API's, as AWS's is ssmmessages, not ssm or api.sagemaker.
  const streamUrl = new URL(session.StreamUrl!);
  expect(streamUrl.protocol).toBe('ws:');
  expect(streamUrl.port).not.toBe(new URL(studio.emulator.url).port);
  expect(`${streamUrl.pathname}${streamUrl.search}`).toBe(
    `/v1/data-channel/${session.SessionId}?role=publish_subscribe`,
  );
  const result = await runSsh({
    dir,
    proxy,
    session,
    user,
    alias: 'sm-lab',
    privateKey: key.privateKey,
    command: 'echo ok; echo "$HOME"; pwd; whoami',
  });
  expect(result.stderr).toBe('');
  const home = join(studio.emulator.snapshot().ssh.homesDir, `${domainId}-lab`);
  expect(result.stdout.toString().split('\n')).toEqual(['ok', home, home, user, '']);
  expect(result.code).toBe(0);
});

test('a reconnect meets the same host key (known_hosts from the first connection, strict checking)', async () => {
  const result = await runSsh({
    dir,
    proxy,
    session: await startSpaceSession(),
    user,
    alias: 'sm-lab',
    privateKey: key.privateKey,
    extra: ['-o', 'StrictHostKeyChecking=yes'],
    command: 'echo again',
  });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout.toString()).toBe('again\n');
  expect(readFileSync(join(dir, 'known_hosts'), 'utf8').trim().split('\n')).toHaveLength(1);
});

test('sshd refuses passwords, and keys it was not given', async () => {
  const password = await runSsh({
    dir,
    proxy,
    session: await startSpaceSession(),
    user,
    alias: 'sm-lab',
    extra: ['-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'PubkeyAuthentication=no'],
    command: 'echo in',
  });
  expect(password.code).toBe(255);
  expect(password.stderr).toMatch(/Permission denied \(publickey\)/);

  const stranger = makeKey(join(dir, 'stranger'));
  const wrongKey = await runSsh({
    dir,
    proxy,
    session: await startSpaceSession(),
    user,
    alias: 'sm-lab',
    privateKey: stranger.privateKey,
    command: 'echo in',
  });
  expect(wrongKey.code).toBe(255);
  expect(wrongKey.stderr).toMatch(/Permission denied \(publickey\)/);
});

test('a token opens its session once', async () => {
  const session = await startSpaceSession();
  const first = await ssmSession.connectClientSession(session.StreamUrl as string, {
    tokenValue: session.TokenValue as string,
  });
  await first.ready;
  const replay = await ssmSession.connectClientSession(session.StreamUrl as string, {
    tokenValue: session.TokenValue as string,
  });
  await expect(replay.ready).rejects.toThrow(/token was not accepted/);
  first.destroy();
});

test('scp both ways keeps every byte (sftp subsystem) and lands in the container home', async () => {
  const data = randomBytes(3 * 1024 * 1024);
  const local = join(dir, 'upload.bin');
  writeFileSync(local, data);
  const scp = async (from: string, to: string): Promise<void> => {
    const session = await startSpaceSession();
    const result = await runScp({
      dir,
      proxy,
      session,
      alias: 'sm-lab',
      privateKey: key.privateKey,
      from,
      to,
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  };
  await scp(local, `${user}@sm-lab:upload.bin`);
  const home = join(studio.emulator.snapshot().ssh.homesDir, `${domainId}-lab`);
  expect(sha256(readFileSync(join(home, 'upload.bin')))).toBe(sha256(data));
  await scp(`${user}@sm-lab:upload.bin`, join(dir, 'download.bin'));
  expect(sha256(readFileSync(join(dir, 'download.bin')))).toBe(sha256(data));
});

test('-L forwards a local port to a web server in the container', async () => {
  const server = createServer((_req, res) => res.end('hello from the container'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = (server.address() as AddressInfo).port;
  const local = await freePort();
  try {
    const ssh = runSsh({
      dir,
      proxy,
      session: await startSpaceSession(),
      user,
      alias: 'sm-lab',
      privateKey: key.privateKey,
      extra: ['-o', 'ExitOnForwardFailure=yes', '-L', `${local}:127.0.0.1:${target}`],
      command: 'sleep 2',
    });
    const body = await until('the forwarded port to answer', () =>
      fetch(`http://127.0.0.1:${local}/`).then(
        (res) => res.text(),
        () => undefined,
      ),
    );
    expect(body).toBe('hello from the container');
    expect(await ssh).toMatchObject({ code: 0, stderr: '' });
  } finally {
    server.close();
  }
});

test('-A forwards the laptop’s agent into the container', async () => {
  const socket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  try {
    await until('the agent socket', async () => (existsSync(socket) ? true : undefined));
    await until('ssh-add', async () => {
      const add = spawn('ssh-add', [key.privateKey], {
        env: { SSH_AUTH_SOCK: socket, PATH: process.env['PATH'] },
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve) => add.on('close', resolve));
      return code === 0 ? true : undefined;
    });
    const result = await runSsh({
      dir,
      proxy,
      session: await startSpaceSession(),
      user,
      alias: 'sm-lab',
      extra: ['-A'],
      env: { SSH_AUTH_SOCK: socket },
      command: 'ssh-add -L',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.toString().trim()).toBe(key.publicKey);
  } finally {
    agent.kill();
  }
});

test('while the emulator drops, duplicates and reorders frames, bytes still arrive whole both ways', async () => {
  const admin = `${studio.emulator.url}/_emulator/data-channel`;
  const put = await fetch(admin, {
    method: 'PUT',
    body: JSON.stringify({ drop: 0.1, duplicate: 0.05, reorder: 'shuffle', seed: 7 }),
  });
  expect(put.status).toBe(200);
  try {
    const data = randomBytes(512 * 1024);
    const session = await startSpaceSession();
    const result = await runSsh({
      dir,
      proxy,
      session,
      user,
      alias: 'sm-lab',
      privateKey: key.privateKey,
      command: 'cat > chaos.bin && sha256sum chaos.bin && cat chaos.bin',
      input: data,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = result.stdout.subarray(0, 65).toString();
    expect(text).toBe(`${sha256(data)} `);
    const echoed = result.stdout.subarray(result.stdout.indexOf('chaos.bin\n') + 'chaos.bin\n'.length);
    expect(sha256(echoed)).toBe(sha256(data));
    // The data channel reports its fault counts when the connection is over.
    const seen = await until('the session to end', async () =>
      studio.emulator
        .snapshot()
        .ssh.sessions.find((s) => s.sessionId === session.SessionId && s.endedAt !== null),
    );
    expect(seen?.chaos?.dropped).toBeGreaterThan(0);
    expect(seen?.chaos?.duplicated).toBeGreaterThan(0);
  } finally {
    await fetch(admin, { method: 'PUT', body: JSON.stringify({ drop: 0, duplicate: 0, reorder: 'none' }) });
  }
});

test('a classic container: activation, registration, found by tags, SSM StartSession with AWS-StartSSHSession', async () => {
  const activation = await ssm.send(
    new CreateActivationCommand({
      IamRole: `studio-${profile}`,
      RegistrationLimit: 1,
      DefaultInstanceName: `${profile}-kg`,
      Tags: [{ Key: 'owner', Value: profile }],
    }),
  );
  const registered = await fetch(`${studio.emulator.url}/_emulator/agents/register`, {
    method: 'POST',
    body: JSON.stringify({
      activationId: activation.ActivationId,
      activationCode: activation.ActivationCode,
    }),
  });
  expect(registered.status).toBe(201);
  const { instanceId } = (await registered.json()) as { instanceId: string };
  const session = await ssm.send(
    new SsmStartSessionCommand({
      Target: instanceId,
      DocumentName: 'AWS-StartSSHSession',
      Parameters: { portNumber: ['22'] },
    }),
  );
  const result = await runSsh({
    dir,
    proxy,
    session,
    user,
    alias: `sm-${profile}-kg`,
    privateKey: key.privateKey,
    command: 'echo ok; pwd',
  });
  expect(result.stderr).toBe('');
  expect(result.stdout.toString()).toBe(
    `ok\n${join(studio.emulator.snapshot().ssh.homesDir, `${profile}-kg`)}\n`,
  );
});

test('deleting the app stops the container: its sessions end and its sshd goes', async () => {
  const session = await startSpaceSession();
  const client = await ssmSession.connectClientSession(session.StreamUrl as string, {
    tokenValue: session.TokenValue as string,
  });
  await client.ready;
  client.resume();
  const container = () => studio.emulator.snapshot().ssh.containers.find((c) => c.name === `${domainId}-lab`);
  expect(container()?.sshd).not.toBeNull();
  await sm.send(
    new DeleteAppCommand({ DomainId: domainId, SpaceName: 'lab', AppType: 'JupyterLab', AppName: 'default' }),
  );
  const end = await client.outcome;
  expect(end.reason).toBe('channel-closed');
  await until('sshd to stop', async () => (container()?.sshd === null ? true : undefined));
});
