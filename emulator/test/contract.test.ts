import {
  AddTagsCommand,
  CreateAppCommand,
  CreatePresignedDomainUrlCommand,
  CreateSpaceCommand,
  DeleteAppCommand,
  DeleteSpaceCommand,
  DeleteTagsCommand,
  DescribeAppCommand,
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
  ListDomainsCommand,
  ListSpacesCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  SageMakerClient,
  UpdateDomainCommand,
  UpdateSpaceCommand,
} from '@aws-sdk/client-sagemaker';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { DOMAIN_TAGS } from '@studio-teams/schema';
import { findBotocoreDataDir } from '../src/contract/botocore-data';
import { loadServiceModel } from '../src/contract/model';
import { validateShape } from '../src/contract/validate';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { SERVICES } from '../src/services/registry';
import { ssmSessionsService } from '../src/ssm/sessions-service';
import { studioRemoteAccessService } from '../src/studio/remote-access-service';
import {
  captureRequests,
  clientConfig,
  demoSeed,
  FakeClock,
  failure,
  tempDir,
  type CapturedRequest,
} from './support/harness';

/**
 * Every operation the emulator serves, called with the real AWS SDK v3 clients in strict mode: the
 * requests they send and the answers they get must both conform to botocore's models.
 */
describe('contract: every served operation against botocore', () => {
  const sandbox = tempDir();
  const clock = new FakeClock();
  const seed = demoSeed();
  let emulator: RunningEmulator;
  let sm: SageMakerClient;
  let ssm: SSMClient;
  let smCaptured: CapturedRequest[];
  let ssmCaptured: CapturedRequest[];
  let pricing: PricingClient;
  let pricingCaptured: CapturedRequest[];

  beforeAll(async () => {
    emulator = await startEmulator({
      sandboxDir: sandbox.path,
      seed,
      strict: true,
      now: clock.now,
      timing: { pendingMs: 1000, deletingMs: 1000 },
    });
    sm = new SageMakerClient(clientConfig(emulator.url, { maxAttempts: 1 }));
    ssm = new SSMClient(clientConfig(emulator.url, { maxAttempts: 1 }));
    smCaptured = captureRequests(sm);
    ssmCaptured = captureRequests(ssm);
    pricing = new PricingClient(clientConfig(emulator.url, { maxAttempts: 1 }));
    pricingCaptured = captureRequests(pricing as unknown as SSMClient);
  });

  afterAll(async () => {
    sm.destroy();
    ssm.destroy();
    pricing.destroy();
    await emulator.close();
    sandbox.remove();
  });

  it('serves the SageMaker operations with conforming requests and answers', async () => {
    const domains = await sm.send(new ListDomainsCommand({ MaxResults: 10 }));
    const domainId = domains.Domains?.[0]?.DomainId as string;
    expect(domainId).toBe(emulator.domainId('datascience'));
    const domain = await sm.send(new DescribeDomainCommand({ DomainId: domainId }));
    expect(domain.DomainName).toBe('datascience');
    await sm.send(
      new UpdateDomainCommand({
        DomainId: domainId,
        DomainSettingsForUpdate: { DockerSettings: { EnableDockerAccess: 'ENABLED' } },
      }),
    );
    const docker = await sm.send(new DescribeDomainCommand({ DomainId: domainId }));
    expect(docker.DomainSettings?.DockerSettings?.EnableDockerAccess).toBe('ENABLED');

    await sm.send(
      new ListUserProfilesCommand({ DomainIdEquals: domainId, MaxResults: 100, SortBy: 'CreationTime' }),
    );
    const profile = await sm.send(
      new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: 'jane-doe' }),
    );
    expect(profile.UserSettings?.ExecutionRole).toBe(
      'arn:aws:iam::123456789012:role/sagemaker/studio-jane-doe',
    );

    await sm.send(new ListSpacesCommand({ DomainIdEquals: domainId, SortOrder: 'Ascending' }));
    await sm.send(
      new CreateSpaceCommand({
        DomainId: domainId,
        SpaceName: 'contract-space',
        OwnershipSettings: { OwnerUserProfileName: 'jane-doe' },
        SpaceSharingSettings: { SharingType: 'Private' },
        SpaceSettings: { AppType: 'JupyterLab', RemoteAccess: 'ENABLED' },
        SpaceDisplayName: 'Contract space',
        Tags: [{ Key: 'team', Value: 'forecasting' }],
      }),
    );
    await sm.send(
      new UpdateSpaceCommand({
        DomainId: domainId,
        SpaceName: 'contract-space',
        SpaceDisplayName: 'Renamed',
      }),
    );
    const space = await sm.send(
      new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'contract-space' }),
    );
    expect(space.SpaceDisplayName).toBe('Renamed');

    await sm.send(
      new CreateAppCommand({
        DomainId: domainId,
        SpaceName: 'contract-space',
        AppType: 'JupyterLab',
        AppName: 'default',
        ResourceSpec: { InstanceType: 'ml.t3.large' },
      }),
    );
    await sm.send(new ListAppsCommand({ DomainIdEquals: domainId, SpaceNameEquals: 'contract-space' }));
    await sm.send(
      new ListAppsCommand({
        DomainIdEquals: domainId,
        MaxResults: 100,
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
      }),
    );
    clock.advance(1000);
    const app = await sm.send(
      new DescribeAppCommand({
        DomainId: domainId,
        SpaceName: 'contract-space',
        AppType: 'JupyterLab',
        AppName: 'default',
      }),
    );
    expect(app.Status).toBe('InService');
    await sm.send(
      new DeleteAppCommand({
        DomainId: domainId,
        SpaceName: 'contract-space',
        AppType: 'JupyterLab',
        AppName: 'default',
      }),
    );
    clock.advance(1000);
    await sm.send(new DeleteSpaceCommand({ DomainId: domainId, SpaceName: 'contract-space' }));

    const url = await sm.send(
      new CreatePresignedDomainUrlCommand({
        DomainId: domainId,
        UserProfileName: 'jane-doe',
        LandingUri: 'app:JupyterServer:',
        ExpiresInSeconds: 60,
        SpaceName: 'team-forecasting',
      }),
    );
    expect(url.AuthorizedUrl).toMatch(
      /^https:\/\/d-[a-z0-9]{12}\.studio\.us-east-1\.sagemaker\.aws\/auth\?token=/,
    );

    const arn = domain.DomainArn as string;
    await sm.send(
      new AddTagsCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'team', Value: 'data-science' },
          { Key: DOMAIN_TAGS.bastionInstanceId, Value: 'i-0b4571011ba57e0a1' },
        ],
      }),
    );
    const tags = await sm.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 50 }));
    expect(tags.Tags).toHaveLength(2);
    await sm.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: [DOMAIN_TAGS.bastionInstanceId] }));
  });

  it('serves the SSM command operations with conforming requests and answers', async () => {
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [seed.bastionInstanceId],
        Parameters: {
          commands: ['echo hello from the bastion', 'test -d "$EFS_MOUNT/200001" && echo home found'],
        },
        Comment: 'contract test',
        TimeoutSeconds: 30,
      }),
    );
    const commandId = sent.Command?.CommandId as string;
    let status = 'InProgress';
    for (let i = 0; i < 100 && (status === 'InProgress' || status === 'Pending'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      const invocation = await ssm.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: seed.bastionInstanceId }),
      );
      status = invocation.Status as string;
    }
    expect(status).toBe('Success');
    const invocation = await ssm.send(
      new GetCommandInvocationCommand({
        CommandId: commandId,
        InstanceId: seed.bastionInstanceId,
        PluginName: 'aws:runShellScript',
      }),
    );
    expect(invocation.StandardOutputContent).toBe('hello from the bastion\nhome found\n');
    await ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId, Details: true }));
    await ssm.send(
      new ListCommandInvocationsCommand({
        InstanceId: seed.bastionInstanceId,
        MaxResults: 10,
        Filters: [{ key: 'Status', value: 'Success' }],
      }),
    );
    await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    await ssm.send(
      new ListCommandsCommand({ Filters: [{ key: 'ExecutionStage', value: 'Complete' }], MaxResults: 5 }),
    );
  });

  it('serves the Price List operations with conforming requests and answers', async () => {
    const query = {
      ServiceCode: 'AmazonSageMaker',
      Filters: [{ Type: 'TERM_MATCH' as const, Field: 'regionCode', Value: 'us-east-1' }],
      FormatVersion: 'aws_v1',
      MaxResults: 10,
    };
    const first = await pricing.send(new GetProductsCommand(query));
    expect(first.PriceList).toHaveLength(10);
    const second = await pricing.send(new GetProductsCommand({ ...query, NextToken: first.NextToken }));
    expect(second.PriceList).toHaveLength(10);
    const err = await failure(() => pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonEC2' })));
    expect(err.name).toBe('NotFoundException');
  });

  it("answered errors in the model's terms too", async () => {
    const domainId = emulator.domainId('datascience');
    const err = await failure(() =>
      sm.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: 'nope' })),
    );
    expect(err.name).toBe('ResourceNotFound');
    const ssmErr = await failure(() =>
      ssm.send(
        new GetCommandInvocationCommand({
          CommandId: '00000000-0000-4000-8000-000000000000',
          InstanceId: seed.bastionInstanceId,
        }),
      ),
    );
    expect(ssmErr.name).toBe('InvocationDoesNotExist');
  });

  it('saw no contract violation, and every served operation was exercised', () => {
    expect(emulator.violations()).toEqual([]);
    // SSH's operations need moto and real callers: ssh-contract.test.ts holds them to the same checks.
    const elsewhere = [studioRemoteAccessService, ssmSessionsService];
    const served = SERVICES.filter((s) => !elsewhere.includes(s)).flatMap((s) =>
      Object.keys(s.operations).map((op) => `${s.targetPrefix}.${op}`),
    );
    expect(served.filter((op) => !(op in emulator.calls()))).toEqual([]);
  });

  it('sent requests that validate against the input shapes', () => {
    const dataDir = findBotocoreDataDir();
    const models = Object.fromEntries(
      SERVICES.map((s) => [s.targetPrefix, loadServiceModel(dataDir, s.botocoreName, s.botocoreVersion)]),
    );
    const captured = [...smCaptured, ...ssmCaptured, ...pricingCaptured];
    expect(captured.length).toBeGreaterThan(20);
    for (const { target, body } of captured) {
      const [prefix = '', op = ''] = target.split('.');
      const model = models[prefix];
      const inputShape = model?.operations[op]?.input?.shape;
      expect(inputShape).toBeDefined();
      expect({ target, problems: validateShape(model!, inputShape!, JSON.parse(body)) }).toEqual({
        target,
        problems: [],
      });
    }
  });
});
