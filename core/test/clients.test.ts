import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import type * as ClientsModule from '../src/aws/clients';
import { createClients } from '../src/aws/clients';

/** A tiny HTTP server standing in for AWS: records requests and answers with a scripted sequence. */
async function fakeAws(answers: ((req: http.IncomingMessage) => [number, string])[]) {
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
      const [status, body] = answer ? answer(req) : [500, '{}'];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const creds = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' };

describe('createClients', () => {
  it('sends to AWS_ENDPOINT_URL from the given env, signed with its credentials', async () => {
    const aws = await fakeAws([() => [200, JSON.stringify({ Domains: [] })]]);
    try {
      const { clients, settings } = createClients({
        env: { ...creds, HOME: '/nonexistent', AWS_ENDPOINT_URL: aws.url },
      });
      expect(settings.credentials).toEqual({ kind: 'env' });
      await clients.sagemaker.send(new ListDomainsCommand({}));
      expect(aws.seen).toHaveLength(1);
      expect(aws.seen[0]?.headers['x-amz-target']).toBe('SageMaker.ListDomains');
      expect(aws.seen[0]?.headers.authorization).toContain('Credential=AKIDTEST/');
      expect(aws.seen[0]?.headers.authorization).toContain('/eu-west-1/sagemaker/');
    } finally {
      await aws.close();
    }
  });

  it('retries 5xx and throttling until the call succeeds', async () => {
    const aws = await fakeAws([
      () => [503, JSON.stringify({ __type: 'ServiceUnavailable', message: 'x' })],
      () => [400, JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' })],
      () => [500, JSON.stringify({ __type: 'InternalFailure', message: 'y' })],
      () => [200, JSON.stringify({ Domains: [] })],
    ]);
    try {
      const { clients } = createClients({ env: { ...creds, AWS_ENDPOINT_URL_SAGEMAKER: aws.url } });
      await expect(clients.sagemaker.send(new ListDomainsCommand({}))).resolves.toMatchObject({
        Domains: [],
      });
      expect(aws.seen).toHaveLength(4);
    } finally {
      await aws.close();
    }
  });

  it('names the operation on errors and uses path-style S3 against an endpoint override', async () => {
    const aws = await fakeAws([() => [404, '<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>']]);
    try {
      const { clients } = createClients({ env: { ...creds, AWS_ENDPOINT_URL: aws.url } });
      const err = await clients.s3
        .send(new GetObjectCommand({ Bucket: 'reports', Key: 'efs/usage.json' }))
        .catch((e) => e);
      expect(err).toMatchObject({ name: 'NoSuchKey', $operation: 's3:GetObject' });
      expect(aws.seen[0]?.url).toBe('/reports/efs/usage.json?x-id=GetObject');
    } finally {
      await aws.close();
    }
  });
});

describe('destroyClients', () => {
  it('frees the clients made so far and makes none of the lazy ones (S3, Secrets Manager)', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of ['@aws-sdk/client-s3', '@aws-sdk/client-secrets-manager']) {
        jest.doMock(name, () => {
          loaded.push(name);
          return jest.requireActual<object>(name);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh registry with the mocks above
      const fresh = require('../src/aws/clients') as typeof ClientsModule;
      const { clients } = fresh.createClients({ env: { ...creds, HOME: '/nonexistent' } });
      const sagemaker = jest.spyOn(clients.sagemaker, 'destroy');
      fresh.destroyClients(clients);
      expect(sagemaker).toHaveBeenCalled();
      // Reading `s3` to destroy it would have loaded the package and made the client.
      expect(loaded).toEqual([]);

      const s3 = jest.spyOn(clients.s3, 'destroy');
      expect(loaded).toEqual(['@aws-sdk/client-s3']);
      fresh.destroyClients(clients);
      expect(s3).toHaveBeenCalled();
    });
  });
});
