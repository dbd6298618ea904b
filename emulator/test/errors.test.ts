import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  AddTagsCommand,
  CreateAppCommand,
  CreatePresignedDomainUrlCommand,
  CreateSpaceCommand,
  DeleteAppCommand,
  DeleteSpaceCommand,
  DescribeAppCommand,
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  ListTagsCommand,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseWith, Seed } from '@studio-teams/schema';
import { startEmulator } from '../src/emulator';
import { clientConfig, failure, smallSeed, tempDir } from './support/harness';
import { startStudio, type Studio } from './support/studio';

/** POSTs a raw JSON 1.1 request, to see the wire answer rather than the SDK's reading of it. */
async function post(url: string, target: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get('x-amzn-errortype'),
    body: (await res.json()) as Record<string, string>,
  };
}

describe('errors, as AWS sends them', () => {
  let studio: Studio;
  let sm: SageMakerClient;
  let d: string;
  beforeAll(async () => {
    studio = await startStudio();
    sm = studio.sm;
    d = studio.domainId;
  });
  afterAll(async () => {
    const violations = studio.emulator.violations();
    await studio.close();
    expect(violations).toEqual([]);
  });

  const expectError = async (call: () => Promise<unknown>, name: string, message?: RegExp) => {
    const err = await failure(call);
    expect(err.name).toBe(name);
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).not.toMatch(/\n\s+at /);
    if (message) expect(err.message).toMatch(message);
  };

  it('ResourceNotFound for unknown domains, profiles, spaces and apps', async () => {
    await expectError(
      () => sm.send(new DescribeDomainCommand({ DomainId: 'd-000000000000' })),
      'ResourceNotFound',
      /d-000000000000/,
    );
    await expectError(
      () => sm.send(new DescribeUserProfileCommand({ DomainId: d, UserProfileName: 'nobody' })),
      'ResourceNotFound',
      /nobody/,
    );
    await expectError(
      () => sm.send(new DescribeSpaceCommand({ DomainId: d, SpaceName: 'nowhere' })),
      'ResourceNotFound',
    );
    await expectError(
      () => sm.send(new UpdateSpaceCommand({ DomainId: d, SpaceName: 'nowhere' })),
      'ResourceNotFound',
    );
    await expectError(
      () => sm.send(new DeleteSpaceCommand({ DomainId: d, SpaceName: 'nowhere' })),
      'ResourceNotFound',
    );
    const app = {
      DomainId: d,
      UserProfileName: 'ana-lima',
      AppType: 'KernelGateway' as const,
      AppName: 'missing',
    };
    await expectError(() => sm.send(new DescribeAppCommand(app)), 'ResourceNotFound');
    await expectError(() => sm.send(new DeleteAppCommand(app)), 'ResourceNotFound');
    await expectError(
      () => sm.send(new CreateAppCommand({ ...app, UserProfileName: 'nobody' })),
      'ResourceNotFound',
    );
    await expectError(
      () => sm.send(new CreateAppCommand({ ...app, DomainId: 'd-000000000000' })),
      'ResourceNotFound',
    );
    await expectError(
      () => sm.send(new CreateSpaceCommand({ DomainId: 'd-000000000000', SpaceName: 's' })),
      'ResourceNotFound',
    );
    await expectError(
      () =>
        sm.send(
          new CreateSpaceCommand({
            DomainId: d,
            SpaceName: 's',
            OwnershipSettings: { OwnerUserProfileName: 'nobody' },
          }),
        ),
      'ResourceNotFound',
    );
    await expectError(
      () => sm.send(new CreatePresignedDomainUrlCommand({ DomainId: d, UserProfileName: 'nobody' })),
      'ResourceNotFound',
    );
    await expectError(
      () =>
        sm.send(
          new CreatePresignedDomainUrlCommand({
            DomainId: d,
            UserProfileName: 'ana-lima',
            SpaceName: 'nowhere',
          }),
        ),
      'ResourceNotFound',
    );
    await expectError(
      () =>
        sm.send(
          new ListTagsCommand({ ResourceArn: `arn:aws:sagemaker:us-east-1:123456789012:space/${d}/nowhere` }),
        ),
      'ResourceNotFound',
    );
    await expectError(
      () =>
        sm.send(
          new AddTagsCommand({
            ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:domain/d-000000000000',
            Tags: [],
          }),
        ),
      'ResourceNotFound',
    );
  });

  it('ResourceInUse for duplicates', async () => {
    await expectError(
      () => sm.send(new CreateSpaceCommand({ DomainId: d, SpaceName: 'shared-space' })),
      'ResourceInUse',
    );
    await expectError(
      () =>
        sm.send(
          new CreateAppCommand({
            DomainId: d,
            UserProfileName: 'ana-lima',
            AppType: 'JupyterServer',
            AppName: 'default',
          }),
        ),
      'ResourceInUse',
    );
  });

  it('ValidationException naming the member for requests that break the model', async () => {
    await expectError(
      () => sm.send(new DescribeDomainCommand({ DomainId: 'not_an_id' })),
      'ValidationException',
      /Value 'not_an_id' at 'domainId'.*regular expression pattern/,
    );
    await expectError(
      () => sm.send(new DescribeUserProfileCommand({ DomainId: d, UserProfileName: 'first.last' })),
      'ValidationException',
      /at 'userProfileName'/,
    );
    await expectError(
      () =>
        sm.send(
          new CreateAppCommand({
            DomainId: d,
            UserProfileName: 'ana-lima',
            AppType: 'Notebook' as 'JupyterServer',
            AppName: 'x',
          }),
        ),
      'ValidationException',
      /at 'appType'.*enum value set/,
    );
    await expectError(
      () =>
        sm.send(
          new CreatePresignedDomainUrlCommand({
            DomainId: d,
            UserProfileName: 'ana-lima',
            ExpiresInSeconds: 301,
          }),
        ),
      'ValidationException',
      /at 'expiresInSeconds'.*less than or equal to 300/,
    );
    await expectError(
      () => sm.send(new DescribeSpaceCommand({ DomainId: d, SpaceName: 'x'.repeat(64) })),
      'ValidationException',
      /2 validation errors detected/,
    );
  });

  it("ValidationException for requests the model allows but Studio's rules do not", async () => {
    const base = { DomainId: d, AppType: 'KernelGateway' as const, AppName: 'k' };
    await expectError(
      () =>
        sm.send(new CreateAppCommand({ ...base, UserProfileName: 'ana-lima', SpaceName: 'shared-space' })),
      'ValidationException',
      /Exactly one/,
    );
    await expectError(() => sm.send(new CreateAppCommand(base)), 'ValidationException', /Exactly one/);
    await expectError(
      () =>
        sm.send(
          new CreateAppCommand({
            ...base,
            UserProfileName: 'ana-lima',
            AppType: 'JupyterServer',
            ResourceSpec: { InstanceType: 'ml.m5.large' },
          }),
        ),
      'ValidationException',
      /system/,
    );
    await expectError(
      () =>
        sm.send(
          new CreateSpaceCommand({
            DomainId: d,
            SpaceName: 'private',
            SpaceSharingSettings: { SharingType: 'Private' },
          }),
        ),
      'ValidationException',
      /OwnerUserProfileName/,
    );
    await expectError(
      () =>
        sm.send(
          new CreatePresignedDomainUrlCommand({
            DomainId: d,
            UserProfileName: 'ana-lima',
            LandingUri: 'somewhere',
          }),
        ),
      'ValidationException',
      /LandingUri/,
    );
    await expectError(
      () =>
        sm.send(
          new AddTagsCommand({
            ResourceArn: `arn:aws:sagemaker:us-east-1:123456789012:domain/${d}`,
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          }),
        ),
      'ValidationException',
      /unique/,
    );
  });

  it('puts the code in __type and x-amzn-ErrorType, the message in Message', async () => {
    const res = await post(
      studio.emulator.url,
      'SageMaker.DescribeUserProfile',
      JSON.stringify({ DomainId: d, UserProfileName: 'nobody' }),
    );
    expect(res).toMatchObject({
      status: 400,
      type: 'ResourceNotFound',
      body: { __type: 'ResourceNotFound', Message: expect.stringMatching(/nobody/) },
    });
    const invalid = await post(studio.emulator.url, 'SageMaker.DescribeDomain', '{}');
    expect(invalid).toMatchObject({
      status: 400,
      type: 'ValidationException',
      body: { __type: 'ValidationException', message: expect.stringMatching(/'domainId'.*must not be null/) },
    });
  });

  it('UnknownOperationException for operations the service does not have', async () => {
    const res = await post(studio.emulator.url, 'SageMaker.LaunchRocket', '{}');
    expect(res).toMatchObject({ status: 400, type: 'UnknownOperationException' });
  });

  it('SerializationException for a body that is not a JSON object', async () => {
    expect(await post(studio.emulator.url, 'SageMaker.ListDomains', '{not json')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
    expect(await post(studio.emulator.url, 'SageMaker.ListDomains', '[1]')).toMatchObject({
      status: 400,
      type: 'SerializationException',
    });
  });

  it("answers 501 in the caller's protocol for what it neither serves nor can forward", async () => {
    const sts = new STSClient(clientConfig(studio.emulator.url, { maxAttempts: 1 }));
    try {
      const err = await failure(() => sts.send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('NotImplemented');
      expect(err.$metadata?.httpStatusCode).toBe(501);
      expect(err.message).toMatch(/no upstream/);
    } finally {
      sts.destroy();
    }
    const ssmParameter = await post(
      studio.emulator.url,
      'AmazonSSM.GetParameter',
      JSON.stringify({ Name: 'x' }),
    );
    expect(ssmParameter).toMatchObject({ status: 501, type: 'NotImplemented' });
  });

  it('refuses a seed that contradicts itself, naming the entry', async () => {
    const seed = smallSeed();
    seed.domains[0]?.apps.push({
      user: 'carla-diaz',
      type: 'KernelGateway',
      instanceType: 'ml.t3.medium',
      ageHours: 1,
    });
    const dir = tempDir();
    await expect(
      startEmulator({ sandboxDir: dir.path, seed: parseWith(Seed, seed, 'seed') }),
    ).rejects.toThrow(
      /app #4 of domain "datascience" belongs to user "carla-diaz", who is not one of its users/,
    );
    dir.remove();
  });
});

describe('strict mode', () => {
  it('turns an answer that breaks the contract into a 500 EmulatorContractViolation and records it', async () => {
    const seed = smallSeed();
    // The seed schema allows any ml.* type, the model's enum does not: an answer AWS could never give.
    seed.domains[0]?.apps.push({
      user: 'bo-chen',
      type: 'KernelGateway',
      instanceType: 'ml.t1000.huge',
      ageHours: 1,
    });
    const studio = await startStudio(parseWith(Seed, seed, 'seed'));
    try {
      const res = await post(studio.emulator.url, 'SageMaker.ListApps', '{}');
      expect(res.status).toBe(500);
      expect(res.type).toBe('EmulatorContractViolation');
      expect(studio.emulator.violations()).toEqual([
        expect.stringMatching(
          /^SageMaker\.ListApps response breaks the botocore contract: Value 'ml\.t1000\.huge' at 'apps\.\d+\.member\.resourceSpec\.instanceType'/,
        ),
      ]);
      const admin = await fetch(`${studio.emulator.url}/_emulator/violations`);
      expect(await admin.json()).toEqual(studio.emulator.violations());
    } finally {
      await studio.close();
    }
  });

  it('lets the same answer through when strict is off', async () => {
    const seed = smallSeed();
    seed.domains[0]?.apps.push({
      user: 'bo-chen',
      type: 'KernelGateway',
      instanceType: 'ml.t1000.huge',
      ageHours: 1,
    });
    const studio = await startStudio(parseWith(Seed, seed, 'seed'), { strict: false });
    try {
      expect((await post(studio.emulator.url, 'SageMaker.ListApps', '{}')).status).toBe(200);
      expect(studio.emulator.violations()).toEqual([]);
    } finally {
      await studio.close();
    }
  });
});
