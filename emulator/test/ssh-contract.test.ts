import {
  DescribeSpaceCommand,
  ListSpacesCommand,
  SageMakerClient,
  StartSessionCommand,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  StartSessionCommand as SsmStartSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { findBotocoreDataDir } from '../src/contract/botocore-data';
import { loadServiceModel } from '../src/contract/model';
import { validateShape } from '../src/contract/validate';
import { ssmSessionsService } from '../src/ssm/sessions-service';
import { studioRemoteAccessService } from '../src/studio/remote-access-service';
import { startTestStudio, type TestStudio } from '../src/testing';
import { captureRequests, failure, type CapturedRequest } from './support/harness';
import { sshSeed } from './support/ssh';

/**
 * Every operation SSH into the local Studio added, called with the real SDK clients against an emulator
 * in strict mode: the requests and the answers (errors included) must conform to botocore's models.
 */
jest.setTimeout(30_000);

let studio: TestStudio;
let sm: SageMakerClient;
let ssm: SSMClient;
let smCaptured: CapturedRequest[];
let ssmCaptured: CapturedRequest[];
let profile: string;
let domainId: string;

beforeAll(async () => {
  const people = sshSeed();
  profile = people.owner.replace('.', '-');
  studio = await startTestStudio({ seed: people.seed, strict: true });
  domainId = studio.emulator.domainId('datascience');
  const config = {
    endpoint: studio.emulator.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  };
  sm = new SageMakerClient(config);
  ssm = new SSMClient(config);
  smCaptured = captureRequests(sm);
  ssmCaptured = captureRequests(ssm);
});

afterAll(async () => {
  sm?.destroy();
  ssm?.destroy();
  await studio?.close();
});

test('SageMaker: UpdateSpace sets RemoteAccess; StartSession answers or refuses in the model’s terms', async () => {
  const updated = await sm.send(
    new UpdateSpaceCommand({
      DomainId: domainId,
      SpaceName: 'lab',
      SpaceSettings: { RemoteAccess: 'ENABLED' },
    }),
  );
  expect(updated.SpaceArn).toMatch(/:space\/d-[a-z0-9]{12}\/lab$/);
  const space = await sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'lab' }));
  expect(space.SpaceSettings?.RemoteAccess).toBe('ENABLED');
  const listed = await sm.send(new ListSpacesCommand({ DomainIdEquals: domainId }));
  expect(listed.Spaces?.find((s) => s.SpaceName === 'lab')?.SpaceSettingsSummary?.RemoteAccess).toBe(
    'ENABLED',
  );

  // The seeded app was running before the setting: a restart is needed.
  const restart = await failure(() =>
    sm.send(new StartSessionCommand({ ResourceIdentifier: updated.SpaceArn })),
  );
  expect(restart.name).toBe('ValidationException');
  const missing = await failure(() =>
    sm.send(
      new StartSessionCommand({
        ResourceIdentifier: `arn:aws:sagemaker:us-east-1:123456789012:space/${domainId}/nope`,
      }),
    ),
  );
  expect(missing.name).toBe('ResourceNotFound');
  const foreign = await failure(() =>
    sm.send(
      new StartSessionCommand({
        ResourceIdentifier: `arn:aws:sagemaker:us-east-1:123456789012:space/${domainId}/bo-lab`,
      }),
    ),
  );
  expect(foreign.name).toBe('AccessDeniedException');
});

test('SSM: activations, managed instances, their tags, sessions', async () => {
  const activation = await ssm.send(
    new CreateActivationCommand({
      IamRole: `studio-${profile}`,
      Description: 'classic app',
      DefaultInstanceName: `${profile}-kg`,
      RegistrationLimit: 1,
      ExpirationDate: new Date(Date.now() + 3600_000),
      Tags: [{ Key: 'owner', Value: profile }],
    }),
  );
  expect(activation.ActivationCode).toMatch(/^[A-Za-z0-9]{20}$/);
  const before = await ssm.send(new DescribeActivationsCommand({}));
  expect(before.ActivationList?.[0]).toMatchObject({ ActivationId: activation.ActivationId, Expired: false });
  expect(before.ActivationList?.[0]?.RegistrationsCount).toBeUndefined();

  const registered = await fetch(`${studio.emulator.url}/_emulator/agents/register`, {
    method: 'POST',
    body: JSON.stringify({
      activationId: activation.ActivationId,
      activationCode: activation.ActivationCode,
    }),
  });
  const { instanceId } = (await registered.json()) as { instanceId: string };
  expect(instanceId).toMatch(/^mi-[0-9a-f]{17}$/);
  const after = await ssm.send(
    new DescribeActivationsCommand({
      Filters: [{ FilterKey: 'ActivationIds', FilterValues: [activation.ActivationId!] }],
    }),
  );
  expect(after.ActivationList?.[0]?.RegistrationsCount).toBe(1);

  const found = await ssm.send(
    new DescribeInstanceInformationCommand({
      Filters: [{ Key: 'tag:owner', Values: [profile] }],
      MaxResults: 5,
    }),
  );
  expect(found.InstanceInformationList?.map((i) => i.InstanceId)).toEqual([instanceId]);
  const legacy = await ssm.send(
    new DescribeInstanceInformationCommand({
      InstanceInformationFilterList: [{ key: 'ResourceType', valueSet: ['EC2Instance'] }],
    }),
  );
  expect(legacy.InstanceInformationList?.map((i) => i.InstanceId)).toEqual(['i-0b4571011ba57e0a1']);

  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'ManagedInstance',
      ResourceId: instanceId,
      Tags: [{ Key: 'app', Value: 'kg' }],
    }),
  );
  const tags = await ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: instanceId }),
  );
  expect(tags.TagList).toEqual([
    { Key: 'owner', Value: profile },
    { Key: 'app', Value: 'kg' },
  ]);
  await ssm.send(
    new RemoveTagsFromResourceCommand({
      ResourceType: 'ManagedInstance',
      ResourceId: instanceId,
      TagKeys: ['app'],
    }),
  );

  // Parameters' tags stay moto's.
  const parameter = sshPublicKeysParameter(profile);
  await ssm.send(
    new PutParameterCommand({ Name: parameter, Type: 'String', Value: '# no keys yet', Overwrite: true }),
  );
  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: parameter,
      Tags: [{ Key: 'owner', Value: profile }],
    }),
  );
  const parameterTags = await ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: parameter }),
  );
  expect(parameterTags.TagList).toEqual([{ Key: 'owner', Value: profile }]);
  await ssm.send(
    new RemoveTagsFromResourceCommand({
      ResourceType: 'Parameter',
      ResourceId: parameter,
      TagKeys: ['owner'],
    }),
  );

  const session = await ssm.send(
    new SsmStartSessionCommand({
      Target: instanceId,
      DocumentName: 'AWS-StartSSHSession',
      Parameters: { portNumber: ['22'] },
      Reason: 'contract',
    }),
  );
  expect(session.SessionId).toMatch(new RegExp(`^${profile.replace('-', '.')}-[0-9a-f]{17}$`));
  const active = await ssm.send(
    new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Target', value: instanceId }] }),
  );
  expect(active.Sessions?.map((s) => [s.SessionId, s.Status])).toEqual([[session.SessionId, 'Connecting']]);
  const terminated = await ssm.send(new TerminateSessionCommand({ SessionId: session.SessionId }));
  expect(terminated.SessionId).toBe(session.SessionId);
  const history = await ssm.send(new DescribeSessionsCommand({ State: 'History', MaxResults: 10 }));
  expect(history.Sessions?.[0]).toMatchObject({
    SessionId: session.SessionId,
    Status: 'Terminated',
    DocumentName: 'AWS-StartSSHSession',
  });

  const wrongDocument = await failure(() => ssm.send(new SsmStartSessionCommand({ Target: instanceId })));
  expect(wrongDocument.name).toBe('InvalidDocument');
  await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: instanceId }));
  const gone = await failure(() =>
    ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: instanceId })),
  );
  expect(gone.name).toBe('InvalidInstanceId');
  const notConnected = await failure(() =>
    ssm.send(new SsmStartSessionCommand({ Target: instanceId, DocumentName: 'AWS-StartSSHSession' })),
  );
  expect(notConnected.name).toBe('TargetNotConnected');
  const badFilter = await failure(() =>
    ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['blue'] }] })),
  );
  expect(badFilter.name).toBe('InvalidFilterKey');
});

test('saw no contract violation, exercised every added operation, and sent model-conforming requests', () => {
  expect(studio.emulator.violations()).toEqual([]);
  const added = [studioRemoteAccessService, ssmSessionsService].flatMap((s) =>
    Object.keys(s.operations).map((op) => `${s.targetPrefix}.${op}`),
  );
  expect(added.filter((op) => !(op in studio.emulator.calls()))).toEqual([]);
  const dataDir = findBotocoreDataDir();
  const models = {
    SageMaker: loadServiceModel(dataDir, 'sagemaker', '2017-07-24'),
    AmazonSSM: loadServiceModel(dataDir, 'ssm', '2014-11-06'),
  };
  for (const { target, body } of [...smCaptured, ...ssmCaptured]) {
    const [prefix, op = ''] = target.split('.') as [keyof typeof models, string];
    const model = models[prefix];
    const shape = model.operations[op]?.input?.shape as string;
    expect({ target, problems: validateShape(model, shape, JSON.parse(body)) }).toEqual({
      target,
      problems: [],
    });
  }
});
