import './helpers/esm-cookie-shim';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  bundleSsmProxy,
  loadSeed,
  loginUser,
  sshWithConfig,
  startTestStudio,
  type TestStudio,
} from '@studio-teams/emulator';
import { BASTION_CONNECTION_SECRET } from '@studio-teams/schema';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { findProxyScript } from '../src/routes/api/docker/context';

/**
 * `/api/docker` in front of the local Studio: the sidecar of jane-doe's classic app, the bastion's
 * secret in moto (a region of this file's own, so changing it disturbs no other test), real ssh and
 * docker with a home and DOCKER_CONFIG of the test's. Every answer and log line is searched for the key.
 */
jest.setTimeout(90_000);

let studio: TestStudio;
let app: FastifyInstance;
let headers: Record<string, string>;
let home: string;
let secretText: string;
let secrets: SecretsManagerClient;
const rawLogs: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  studio = await startTestStudio({ seed: { ...loadSeed(), region: 'eu-north-1' } });
  const dir = await fs.mkdtemp(path.join(studio.sandboxDir, 'sidecar-docker-'));
  home = path.join(dir, 'home');
  await fs.mkdir(home);
  const metadataFile = path.join(dir, 'resource-metadata.json');
  await fs.writeFile(
    metadataFile,
    JSON.stringify({
      DomainId: studio.emulator.domainId('datascience'),
      UserProfileName: 'jane-doe',
      AppType: 'KernelGateway',
      ResourceName: 'ml-m5-xlarge-jane',
    }),
  );
  const script = await bundleSsmProxy(dir);
  // docker runs plain `ssh`, which reads ~ from passwd: this one reads the home's config instead.
  const bin = sshWithConfig(dir, path.join(home, '.ssh', 'config'));
  app = await buildApp({
    port: 0,
    tokenFile: path.join(dir, 'token'),
    metadataFile,
    env: {
      ...studio.env,
      HOME: home,
      PATH: `${bin}:${studio.env.PATH}`,
      DOCKER_CONFIG: path.join(home, '.docker'),
      STUDIO_SSM_PROXY_SCRIPT: script,
      STUDIO_DOCKER_SOCKET: path.join(dir, 'no-engine.sock'),
    },
    priceCacheFile: null,
    logLevel: 'debug',
    logStream: { write: (line: string) => void rawLogs.push(line) },
  });
  await app.ready();
  const token = (await fs.readFile(path.join(dir, 'token'), 'utf8')).trim();
  headers = { host: '127.0.0.1:0', authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  secrets = new SecretsManagerClient({
    endpoint: studio.env.AWS_ENDPOINT_URL,
    region: studio.env.AWS_REGION,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  });
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET }));
  secretText = out.SecretString ?? '';
});

afterAll(async () => {
  await app?.close();
  secrets?.destroy();
  await studio?.close();
});

async function call(method: 'GET' | 'POST', url: string) {
  const res = await app.inject({ method, url, headers, ...(method === 'POST' ? { payload: '{}' } : {}) });
  bodies.push(res.body);
  return { status: res.statusCode, body: res.json() };
}

test('GET: no engine here, the bastion secret readable: only "Set up bastion" is offered', async () => {
  const { status, body } = await call('GET', '/api/docker');
  expect(status).toBe(200);
  expect(body).toMatchObject({
    mode: 'none',
    actions: ['setup-bastion'],
    bastion: { secret: 'ok', instanceId: studio.seed.bastionInstanceId, configured: false },
  });
  expect(await call('POST', '/api/docker/test')).toMatchObject({
    status: 409,
    body: { message: 'nothing to test yet: no Docker engine here and the bastion is not set up' },
  });
});

test("POST /bastion sets it up; Test runs docker version through ssh and SSM and shows docker's own failure", async () => {
  const setup = await call('POST', '/api/docker/bastion');
  expect(setup.status).toBe(200);
  expect(setup.body.written).toEqual([
    path.join(home, '.ssh', 'sm-bastion.pem'),
    path.join(home, '.ssh', 'config'),
    path.join(home, '.profile'),
  ]);
  expect(setup.body.status).toMatchObject({
    mode: 'bastion',
    actions: ['setup-bastion', 'test'],
    bastion: { configured: true, dockerHost: `ssh://${loginUser()}@sm-bastion` },
  });
  const test = await call('POST', '/api/docker/test');
  expect(test.status).toBe(200);
  expect(test.body).toMatchObject({
    ok: false,
    command: ['docker', '--context', 'sm-bastion', 'version', '--format', '{{json .}}'],
    engine: null,
    exitCode: 1,
  });
  expect(test.body.error).toMatch(/Cannot connect to the Docker daemon/);
  expect(test.body.hint).toMatch(/^ssh reached the bastion/);
});

test('a secret with bad JSON: setup answers 409 with the reason; GET still answers and says it', async () => {
  await secrets.send(
    new PutSecretValueCommand({
      SecretId: BASTION_CONNECTION_SECRET,
      SecretString: '{"instance_id": "i-0b45',
    }),
  );
  try {
    const refused = await call('POST', '/api/docker/bastion');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      `the secret ${BASTION_CONNECTION_SECRET} is not JSON (expected {"instance_id": …, "private_key": …}); ask your Studio admin to fix it`,
    );
    const { body } = await call('GET', '/api/docker');
    expect(body.bastion.secret).toBe('invalid');
  } finally {
    await secrets.send(
      new PutSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET, SecretString: secretText }),
    );
  }
});

test('the private key is in ~/.ssh/sm-bastion.pem (0600) and in no answer, no log line, no other file of the home', async () => {
  const { private_key } = JSON.parse(secretText) as { private_key: string };
  const pem = Buffer.from(private_key, 'base64').toString('utf8');
  const lines = pem.split('\n').filter((l) => l.length > 40);
  const needles = [private_key.slice(0, 40), ...lines];
  const haystacks = [...bodies, ...rawLogs];
  expect(rawLogs.length).toBeGreaterThan(0);
  for (const needle of needles) for (const text of haystacks) expect(text).not.toContain(needle);

  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else files.push(p);
    }
  };
  await walk(home);
  const holding = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    if (lines.some((l) => text.includes(l))) holding.push(file);
  }
  expect(holding).toEqual([path.join(home, '.ssh', 'sm-bastion.pem')]);
  expect((await fs.stat(holding[0]!)).mode & 0o777).toBe(0o600);
});

test('the proxy script is found beside the code, as the wheel and tsc lay it out', async () => {
  const dir = await fs.mkdtemp(path.join(studio.sandboxDir, 'layout-'));
  expect(findProxyScript({}, dir)).toBeNull();
  await fs.writeFile(path.join(dir, 'ssm-proxy.js'), '');
  expect(findProxyScript({}, dir)).toBe(path.join(dir, 'ssm-proxy.js'));
  expect(findProxyScript({ STUDIO_SSM_PROXY_SCRIPT: path.join(dir, 'nope.js') }, dir)).toBeNull();
});
