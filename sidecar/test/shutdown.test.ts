import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app';
import { closeOnSignals } from '../src/shutdown';
import { request } from './helpers/http';

test('a signal lets the request in flight finish, refuses new connections, then exits 0', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-shutdown-'));
  const app = await buildApp({
    port: 0,
    tokenFile: path.join(dir, 'token'),
    metadataFile: path.join(dir, 'none'),
    logLevel: false,
  });
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => (started = resolve));
  app.get('/slow', async () => {
    started();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;

  const exited = new Promise<number>((resolve) => {
    const stop = closeOnSignals(app, { signals: ['SIGUSR2'], exit: (code) => (stop(), resolve(code)) });
  });
  const slow = request(port, { path: '/slow', headers: { host } });
  await inFlight;
  process.emit('SIGUSR2', 'SIGUSR2');

  expect(await slow).toMatchObject({ status: 200, body: '{"done":true}' });
  expect(await exited).toBe(0);
  await expect(request(port, { path: '/api/health', headers: { host } })).rejects.toThrow(/ECONNREFUSED/);
  await fs.rm(dir, { recursive: true, force: true });
});
