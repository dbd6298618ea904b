import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { request } from './helpers/http';
import { JANE_METADATA, writeMetadata } from './helpers/test-app';

/** Over a real socket, as the bin runs it: port 0, so the Host check must learn the bound port. */
let app: FastifyInstance;
let dir: string;
let port: number;
let token: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-socket-'));
  app = await buildApp({
    port: 0,
    tokenFile: path.join(dir, 'secrets', 'token'),
    metadataFile: await writeMetadata(dir, JANE_METADATA),
    env: { AWS_REGION: 'us-east-1' },
    logLevel: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
  token = (await fs.readFile(path.join(dir, 'secrets', 'token'), 'utf8')).trim();
});
afterAll(async () => {
  await app.close();
  await fs.rm(dir, { recursive: true, force: true });
});

test('the token file was created 0600 at start', async () => {
  const stat = await fs.stat(path.join(dir, 'secrets', 'token'));
  expect(stat.mode & 0o777).toBe(0o600);
  expect(token).toMatch(/^[0-9a-f]{64}$/);
});

test('listens on 127.0.0.1 only', async () => {
  expect((app.server.address() as AddressInfo).address).toBe('127.0.0.1');
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (external) {
    await expect(request(port, { path: '/api/health', address: external.address })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  }
});

test('answers its own Host names with the bound port', async () => {
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const res = await request(port, { path: '/api/health', headers: { host } });
    expect(res.status).toBe(200);
  }
});

test('refuses a foreign Host (DNS rebinding) before looking at the token', async () => {
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
    const res = await request(port, {
      path: '/api/openapi.json',
      headers: { host, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
  }
});

test('needs the token over the socket too', async () => {
  const host = `127.0.0.1:${port}`;
  expect((await request(port, { path: '/api/openapi.json', headers: { host } })).status).toBe(401);
  const ok = await request(port, {
    path: '/api/openapi.json',
    headers: { host, authorization: `Bearer ${token}` },
  });
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body).openapi).toMatch(/^3\./);
});
