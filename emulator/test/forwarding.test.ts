import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListNotebookInstancesCommand, ListAppsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, PutParameterCommand, SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { startMoto, type RunningMoto } from '../src/moto';
import { clientConfig, failure, smallSeed, tempDir } from './support/harness';

/**
 * Everything the emulator does not serve reaches moto unchanged, so users and tests set one endpoint.
 * Uses the moto of the jest global setup when there is one, else starts its own.
 */
describe('forwarding to moto', () => {
  const sandbox = tempDir();
  let moto: RunningMoto | undefined;
  let emulator: RunningEmulator;
  let config: ReturnType<typeof clientConfig>;

  beforeAll(async () => {
    const upstreamUrl = process.env['MOTO_URL'] ?? (moto = await startMoto()).url;
    emulator = await startEmulator({
      sandboxDir: sandbox.path,
      seed: smallSeed(),
      upstreamUrl,
      strict: true,
    });
    config = clientConfig(emulator.url, { maxAttempts: 1 });
  }, 60_000);
  afterAll(async () => {
    await emulator.close();
    await moto?.stop();
    sandbox.remove();
  });
  beforeEach(() => emulator.resetCalls());

  it('reaches moto for SSM parameters, while serving Run Command itself', async () => {
    const ssm = new SSMClient(config);
    try {
      const name = `/studio-teams/test/${Date.now()}`;
      await ssm.send(new PutParameterCommand({ Name: name, Value: 'forwarded', Type: 'String' }));
      const got = await ssm.send(new GetParameterCommand({ Name: name }));
      expect(got.Parameter?.Value).toBe('forwarded');
      await ssm.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: ['i-0b4571011ba57e0a1'],
          Parameters: { commands: ['true'] },
        }),
      );
      expect(emulator.calls()).toEqual({ 'forward:ssm': 2, 'AmazonSSM.SendCommand': 1 });
    } finally {
      ssm.destroy();
    }
  });

  it('reaches moto for STS (query protocol)', async () => {
    const sts = new STSClient(config);
    try {
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Account).toMatch(/^\d{12}$/);
      expect(emulator.calls()).toEqual({ 'forward:sts': 1 });
    } finally {
      sts.destroy();
    }
  });

  it('streams S3 objects both ways (REST, path-style)', async () => {
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    try {
      const bucket = `forwarding-${Date.now()}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const body = 'x'.repeat(3 * 1024 * 1024);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big/object.txt', Body: body }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/object.txt' }));
      expect(await got.Body?.transformToString()).toBe(body);
      expect(emulator.calls()).toEqual({ 'forward:s3': 3 });
    } finally {
      s3.destroy();
    }
  });

  it('forwards SageMaker operations it does not serve, and serves the Studio ones itself', async () => {
    const sm = new SageMakerClient(config);
    try {
      await sm.send(new ListNotebookInstancesCommand({}));
      await sm.send(new ListAppsCommand({}));
      expect(emulator.calls()).toEqual({ 'forward:sagemaker': 1, 'SageMaker.ListApps': 1 });
    } finally {
      sm.destroy();
    }
  });

  it("passes moto's own endpoints through", async () => {
    const res = await fetch(`${emulator.url}/moto-api/`);
    expect(res.status).toBe(200);
    expect(emulator.calls()).toEqual({ 'forward:unknown': 1 });
  });

  it("faults forwarded requests in the caller's protocol", async () => {
    emulator.setFaults({ throttleRate: 1 });
    const sts = new STSClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const ssm = new SSMClient(config);
    try {
      const stsErr = await failure(() => sts.send(new GetCallerIdentityCommand({})));
      expect(stsErr.name).toBe('Throttling');
      const s3Err = await failure(() => s3.send(new CreateBucketCommand({ Bucket: 'never-made' })));
      expect(s3Err.name).toBe('SlowDown');
      expect(s3Err.$metadata?.httpStatusCode).toBe(503);
      const ssmErr = await failure(() => ssm.send(new GetParameterCommand({ Name: 'x' })));
      expect(ssmErr.name).toBe('ThrottlingException');
      emulator.setFaults({ throttleRate: 0, errorRate: 1, seed: 7 });
      const five = await failure(() => sts.send(new GetCallerIdentityCommand({})));
      expect(['InternalFailure', 'ServiceUnavailable']).toContain(five.name);
    } finally {
      emulator.setFaults({ throttleRate: 0, errorRate: 0 });
      for (const c of [sts, s3, ssm]) c.destroy();
    }
  });
});

describe('forwarding to an upstream that is down', () => {
  it("answers 502 UpstreamUnreachable in the caller's protocol", async () => {
    const closed: Server = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const sandbox = tempDir();
    const emulator = await startEmulator({
      sandboxDir: sandbox.path,
      upstreamUrl: `http://127.0.0.1:${port}`,
    });
    const sts = new STSClient(clientConfig(emulator.url, { maxAttempts: 1 }));
    try {
      const err = await failure(() => sts.send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('UpstreamUnreachable');
      expect(err.$metadata?.httpStatusCode).toBe(502);
    } finally {
      sts.destroy();
      await emulator.close();
      sandbox.remove();
    }
  });
});
