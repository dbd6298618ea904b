import './helpers/esm-cookie-shim';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { sshContainer } from '@studio-teams/core';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { fingerprintForPath, sshPublicKeysParameter } from '@studio-teams/schema';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { SidecarOptions } from '../src/options';
import { request } from './helpers/http';

/**
 * `/api/ssh` in front of the local Studio: the sidecar of one of jane-doe's classic KernelGateway
 * apps (the emulator's register endpoint standing for amazon-ssm-agent), and of her new-Studio space.
 */
let studio: TestStudio;
let ssm: SSMClient;
let domainId: string;

interface Sidecar {
  app: FastifyInstance;
  headers: Record<string, string>;
  home: string;
}
const sidecars: Sidecar[] = [];

async function sidecarFor(
  metadata: Record<string, unknown>,
  env: Record<string, string> = {},
  options: Partial<SidecarOptions> = {},
): Promise<Sidecar> {
  const dir = await fs.mkdtemp(path.join(studio.sandboxDir, 'sidecar-'));
  const home = path.join(dir, 'home');
  await fs.mkdir(home);
  const metadataFile = path.join(dir, 'resource-metadata.json');
  await fs.writeFile(metadataFile, JSON.stringify({ DomainId: domainId, ...metadata }));
  const app = await buildApp({
    port: 0,
    tokenFile: path.join(dir, 'token'),
    metadataFile,
    env: { ...studio.env, HOME: home, ...env },
    logLevel: false,
    ...options,
  });
  await app.ready();
  const token = (await fs.readFile(path.join(dir, 'token'), 'utf8')).trim();
  const sidecar = { app, home, headers: { host: '127.0.0.1:0', authorization: `Bearer ${token}` } };
  sidecars.push(sidecar);
  return sidecar;
}

function publicKeyLine(comment: string): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} ${comment}`;
}

/** A key whose fingerprint holds a `/`, the character a proxy may turn into a path separator. */
function keyWithSlash(comment: string): string {
  for (;;) {
    const line = publicKeyLine(comment);
    const blob = Buffer.from(line.split(' ')[1]!, 'base64');
    if (createHash('sha256').update(blob).digest('base64').includes('/')) return line;
  }
}

const KG = { UserProfileName: 'jane-doe', AppType: 'KernelGateway', ResourceName: 'ml-m5-xlarge-jane' };

beforeAll(async () => {
  studio = await startTestStudio();
  domainId = studio.emulator.domainId('datascience');
  ssm = new SSMClient({
    endpoint: studio.env.AWS_ENDPOINT_URL,
    region: studio.env.AWS_REGION,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  });
});
afterAll(async () => {
  for (const s of sidecars) await s.app.close();
  ssm?.destroy();
  await studio?.close();
});

const inject = async (s: Sidecar, method: 'GET' | 'POST' | 'DELETE', url: string) => {
  const res = await s.app.inject({
    method,
    url,
    headers: { ...s.headers, 'content-type': 'application/json' },
  });
  return { status: res.statusCode, body: res.json() };
};

test('a classic app without the agent: off, no action, and activate answers 409 saying how to install it', async () => {
  const s = await sidecarFor(KG, { PATH: '/nonexistent' });
  const { status, body } = await inject(s, 'GET', '/api/ssh');
  expect(status).toBe(200);
  expect(body).toMatchObject({
    mode: 'classic',
    state: 'off',
    actions: [],
    host: 'sm-ml-m5-xlarge-jane',
    connectCommand: 'sm-ssh connect sm-ml-m5-xlarge-jane',
    classic: { agentAvailable: false },
  });
  const refused = await inject(s, 'POST', '/api/ssh/activate');
  expect(refused.status).toBe(409);
  expect(refused.body.message).toMatch(/amazon-ssm-agent.*install/);
  expect((await inject(s, 'POST', '/api/ssh/remote-access')).status).toBe(409);
});

test('a classic app: activate, ready with the line to copy, remove a key, deactivate leaves no managed instance', async () => {
  const keep = publicKeyLine('jane@laptop');
  const drop = keyWithSlash('jane@old-laptop');
  await ssm.send(
    new PutParameterCommand({
      Name: sshPublicKeysParameter('jane-doe'),
      Value: [keep, drop].join('\n'),
      Type: 'String',
      Overwrite: true,
    }),
  );
  const s = await sidecarFor(KG, { [sshContainer.EMULATED_AGENT_ENV]: studio.emulator.url });
  const before = await inject(s, 'GET', '/api/ssh');
  expect(before.body).toMatchObject({ state: 'off', actions: ['activate'] });
  expect(before.body.keys.map((k: { comment: string }) => k.comment)).toEqual([
    'jane@laptop',
    'jane@old-laptop',
  ]);
  expect(JSON.stringify(before.body)).not.toContain(keep.split(' ')[1]);

  const activated = await inject(s, 'POST', '/api/ssh/activate');
  expect(activated.status).toBe(200);
  expect(activated.body.message).toMatch(
    /^registered as mi-[0-9a-f]{17}: run `sm-ssh connect sm-ml-m5-xlarge-jane`/,
  );
  expect(activated.body.status).toMatchObject({ state: 'ready', actions: ['deactivate'] });
  const authorized = await fs.readFile(path.join(s.home, '.studio-teams', 'ssh', 'authorized_keys'), 'utf8');
  expect(authorized).toBe(`${keep}\n${drop}\n`);

  const fingerprint = before.body.keys[1].fingerprint as string;
  // URL-safe, as the panel sends it (a proxy may decode %2F into a separator); encoded standard base64
  // works too.
  const removed = await inject(s, 'DELETE', `/api/ssh/keys/${fingerprintForPath(fingerprint)}`);
  expect(removed.status).toBe(200);
  expect(removed.body.removed.comment).toBe('jane@old-laptop');
  expect(removed.body.keys.map((k: { comment: string }) => k.comment)).toEqual(['jane@laptop']);
  expect((await inject(s, 'DELETE', `/api/ssh/keys/${encodeURIComponent(fingerprint)}`)).status).toBe(404);
  const malformed = await inject(s, 'DELETE', '/api/ssh/keys/not-a-fingerprint');
  expect(malformed.status).toBe(400);

  const deactivated = await inject(s, 'POST', '/api/ssh/deactivate');
  expect(deactivated.status).toBe(200);
  expect(deactivated.body.status).toMatchObject({ state: 'off', classic: { instances: [] } });
  expect(studio.emulator.snapshot().ssh.managedInstances).toEqual([]);
});

test('a new-Studio space over HTTP: enable remote access says the app must restart', async () => {
  const s = await sidecarFor({ SpaceName: 'priya-sandbox', AppType: 'JupyterLab', ResourceName: 'default' });
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (s.app.server.address() as AddressInfo).port;
  const headers = { ...s.headers, host: `127.0.0.1:${port}` };
  const call = async (method: string, url: string) => {
    const res = await request(port, { method, path: url, headers });
    return { status: res.status, body: JSON.parse(res.body) };
  };
  const off = await call('GET', '/api/ssh');
  expect(off.status).toBe(200);
  expect(off.body).toMatchObject({
    mode: 'space',
    state: 'off',
    actions: ['enable-remote-access'],
    connectCommand: 'sm-ssh connect sm-priya-sandbox',
  });
  const enabled = await call('POST', '/api/ssh/remote-access');
  expect(enabled.status).toBe(200);
  expect(enabled.body.message).toMatch(/stop and start the space's app/);
  expect(enabled.body.status).toMatchObject({ state: 'restart-needed', space: { remoteAccess: true } });
  expect((await call('POST', '/api/ssh/activate')).status).toBe(409);
  // Without the token, nothing.
  const anonymous = await request(port, { path: '/api/ssh', headers: { host: headers.host } });
  expect(anonymous.status).toBe(401);
});

test('changes are rate limited; reading the state is not', async () => {
  const s = await sidecarFor(
    KG,
    { PATH: '/nonexistent' },
    { mutationRateLimit: { max: 2, timeWindowMs: 60_000 } },
  );
  const codes = [];
  for (let i = 0; i < 3; i++) codes.push((await inject(s, 'POST', '/api/ssh/deactivate')).status);
  expect(codes).toEqual([200, 200, 429]);
  expect((await inject(s, 'GET', '/api/ssh')).status).toBe(200);
});
