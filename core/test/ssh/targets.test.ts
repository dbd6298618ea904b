import {
  type AppDetails,
  DescribeSpaceCommand,
  ListAppsCommand,
  ListSpacesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { DescribeInstanceInformationCommand, type InstanceInformation, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { contextFor } from '../../src/context';
import type { StudioClients } from '../../src/aws/clients';
import { listTargets, resolveTarget } from '../../src/ssh/find-targets';
import {
  hostFor,
  hostKeyAliasFor,
  INSTANCE_ID,
  isReachable,
  isSafeTargetName,
  targetNameOf,
} from '../../src/ssh/targets';

/** Target names, and finding the one a name means, over stubbed clients. */

const sm = mockClient(SageMakerClient);
const ssmMock = mockClient(SSMClient);
const clients = {
  sagemaker: new SageMakerClient({ region: 'us-east-1' }),
  ssm: new SSMClient({ region: 'us-east-1' }),
} as StudioClients;
const ctx = contextFor(clients, {
  id: 'd-abc123',
  name: 'datascience',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123',
  region: 'us-east-1',
});
afterEach(() => {
  sm.reset();
  ssmMock.reset();
});
afterAll(() => {
  sm.restore();
  ssmMock.restore();
});

const instance = (
  id: string,
  name: string,
  over: Partial<InstanceInformation> = {},
): InstanceInformation => ({
  InstanceId: id,
  Name: name,
  PingStatus: 'Online',
  LastPingDateTime: new Date('2026-11-01T10:00:00Z'),
  ...over,
});
const app = (space: string, over: Partial<AppDetails> = {}): AppDetails => ({
  DomainId: 'd-abc123',
  SpaceName: space,
  AppType: 'JupyterLab',
  AppName: 'default',
  Status: 'InService',
  CreationTime: new Date('2026-11-01T09:00:00Z'),
  ResourceSpec: { InstanceType: 'ml.t3.large' },
  ...over,
});

describe('names', () => {
  it('sm-<name> for ssh; the prefix is optional where a name is typed', () => {
    expect(hostFor('team-x')).toBe('sm-team-x');
    expect(targetNameOf('sm-team-x')).toBe('team-x');
    expect(targetNameOf('team-x')).toBe('team-x');
    expect(targetNameOf('sm-sm-x')).toBe('sm-x');
  });

  it('host key aliases carry the domain, so same-named spaces elsewhere keep their own keys', () => {
    expect(hostKeyAliasFor('team-x', 'd-abc123')).toBe('sm-team-x.d-abc123');
    expect(hostKeyAliasFor('team-x', 'd-other')).not.toBe(hostKeyAliasFor('team-x', 'd-abc123'));
  });

  it.each([
    ['jane-doe-kg', true],
    ['trainer.v2', true],
    ['a', true],
    ['has space', false],
    ['star*', false],
    ['pct%n', false],
    ['-leading', false],
    ['quote"', false],
    ['x'.repeat(65), false],
  ])('%s is %s as a host name', (name, ok) => {
    expect(isSafeTargetName(name)).toBe(ok);
  });

  it('recognises managed instance ids', () => {
    expect(INSTANCE_ID.test('mi-0123456789abcdef0')).toBe(true);
    expect(INSTANCE_ID.test('i-0123456789abcdef0')).toBe(true);
    expect(INSTANCE_ID.test('mi-012')).toBe(false);
  });
});

describe('listTargets', () => {
  it("the user's own spaces with their app and remote access, and their tagged containers", async () => {
    sm.on(ListSpacesCommand).resolves({
      Spaces: [
        {
          SpaceName: 'mine',
          SpaceSettingsSummary: { AppType: 'JupyterLab', RemoteAccess: 'ENABLED' },
          OwnershipSettingsSummary: { OwnerUserProfileName: 'jane-doe' },
        },
        {
          SpaceName: 'stopped',
          SpaceSettingsSummary: { AppType: 'CodeEditor' },
          OwnershipSettingsSummary: { OwnerUserProfileName: 'jane-doe' },
        },
        { SpaceName: 'theirs', OwnershipSettingsSummary: { OwnerUserProfileName: 'wei-zhang' } },
      ],
    });
    sm.on(ListAppsCommand).resolves({
      Apps: [app('mine'), app('stopped', { AppType: 'CodeEditor', Status: 'Deleted' }), app('theirs')],
    });
    ssmMock.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        instance('mi-0000000000000000a', 'kg', { PingStatus: 'ConnectionLost' }),
        instance('mi-0000000000000000b', 'kg', { LastPingDateTime: new Date('2026-11-01T09:00:00Z') }),
        instance('mi-0000000000000000c', 'name with spaces'),
      ],
    });
    const targets = await listTargets(ctx, 'jane-doe');
    expect(targets.map((t) => [t.host, t.kind])).toEqual([
      ['sm-kg', 'instance'],
      ['sm-kg', 'instance'],
      ['sm-mi-0000000000000000c', 'instance'],
      ['sm-mine', 'space'],
      ['sm-stopped', 'space'],
    ]);
    const [lost, live] = targets;
    expect(lost).toMatchObject({ instanceId: 'mi-0000000000000000a', stale: true });
    expect(live).toMatchObject({ instanceId: 'mi-0000000000000000b', stale: false });
    expect(targets[3]).toMatchObject({
      appStatus: 'InService',
      remoteAccess: true,
      instanceType: 'ml.t3.large',
    });
    expect(targets[4]).toMatchObject({ appStatus: 'Stopped', remoteAccess: false, appType: 'CodeEditor' });
    expect(targets.map(isReachable)).toEqual([false, true, true, true, false]);
    const filters = ssmMock.commandCalls(DescribeInstanceInformationCommand)[0]!.args[0].input.Filters;
    expect(filters).toEqual([
      { Key: 'tag:owner', Values: ['jane-doe'] },
      { Key: 'tag:domain', Values: ['d-abc123'] },
    ]);
    // One ListApps for the whole domain, not one per space.
    expect(sm.commandCalls(ListAppsCommand)).toHaveLength(1);
  });
});

describe('resolveTarget', () => {
  const space = (
    owner: string | undefined,
    settings = { AppType: 'JupyterLab' as const, RemoteAccess: 'ENABLED' as const },
  ) => ({
    SpaceName: 'lab',
    SpaceArn: 'arn:aws:sagemaker:us-east-1:123456789012:space/d-abc123/lab',
    SpaceSettings: settings,
    ...(owner ? { OwnershipSettings: { OwnerUserProfileName: owner } } : {}),
  });
  const notFound = Object.assign(new Error('Space does not exist'), { name: 'ResourceNotFound' });

  beforeEach(() => {
    sm.on(ListAppsCommand).resolves({ Apps: [app('lab')] });
    ssmMock.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
  });

  it('finds the own space by sm-<name>, with what StartSession needs', async () => {
    sm.on(DescribeSpaceCommand).resolves(space('jane-doe'));
    await expect(resolveTarget(ctx, 'jane-doe', 'sm-lab')).resolves.toMatchObject({
      kind: 'space',
      spaceArn: 'arn:aws:sagemaker:us-east-1:123456789012:space/d-abc123/lab',
      domainId: 'd-abc123',
      appStatus: 'InService',
      remoteAccess: true,
    });
  });

  it("refuses another user's space and says whose it is", async () => {
    sm.on(DescribeSpaceCommand).resolves(space('wei-zhang'));
    await expect(resolveTarget(ctx, 'jane-doe', 'lab')).rejects.toThrow(
      'space lab belongs to wei-zhang; you can only connect to your own spaces (you are jane-doe)',
    );
  });

  it('a container by its registered name, skipping stale registrations', async () => {
    sm.on(DescribeSpaceCommand).rejects(notFound);
    ssmMock.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        instance('mi-0000000000000000a', 'kg', { PingStatus: 'ConnectionLost' }),
        instance('mi-0000000000000000b', 'kg'),
      ],
    });
    await expect(resolveTarget(ctx, 'jane-doe', 'sm-kg')).resolves.toMatchObject({
      kind: 'instance',
      instanceId: 'mi-0000000000000000b',
    });
    await expect(resolveTarget(ctx, 'jane-doe', 'sm-mi-0000000000000000a')).resolves.toMatchObject({
      instanceId: 'mi-0000000000000000a',
      stale: true,
    });
  });

  it('a name that is both a space and a container is ambiguous, with the way out', async () => {
    sm.on(DescribeSpaceCommand).resolves(space('jane-doe'));
    ssmMock.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [instance('mi-0000000000000000b', 'lab')],
    });
    await expect(resolveTarget(ctx, 'jane-doe', 'lab')).rejects.toThrow(
      'sm-lab is both your space lab and your container mi-0000000000000000b; connect to the container as sm-mi-0000000000000000b',
    );
  });

  it('nothing by that name: says where it looked and what lists targets', async () => {
    sm.on(DescribeSpaceCommand).rejects(notFound);
    await expect(resolveTarget(ctx, 'jane-doe', 'sm-nope')).rejects.toThrow(
      'no space or container named nope for jane-doe in datascience; `sm-ssh list` shows what you can connect to',
    );
  });

  it('a name no space can have is not asked of SageMaker', async () => {
    await expect(resolveTarget(ctx, 'jane-doe', 'sm-trainer.v2')).rejects.toThrow(
      /no space or container named trainer.v2/,
    );
    expect(sm.commandCalls(DescribeSpaceCommand)).toHaveLength(0);
  });
});
