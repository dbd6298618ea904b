import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { startTestStudio, type AppSnapshot, type TestStudio } from '@studio-teams/emulator';
import { buildApp } from '../src/app';
import { request } from './helpers/http';

/**
 * The sidecar against the local Studio (the emulator in front of moto), over real sockets on both
 * sides: real AWS SDK clients built by core from the environment, the seeded demo domain, jane-doe.
 */
let studio: TestStudio;
let app: FastifyInstance;
let port: number;
let headers: Record<string, string>;
/** Added to the sidecar's clock, to move past its cache interval without waiting for it. */
let clockOffsetMs = 0;

beforeAll(async () => {
  // Apps stay Deleting for a second, long enough to see that state, short enough to wait out.
  studio = await startTestStudio({ timing: { deletingMs: 1000 } });
  const domainId = studio.emulator.domainId('datascience');
  const metadataFile = path.join(studio.sandboxDir, 'resource-metadata.json');
  await fs.writeFile(
    metadataFile,
    JSON.stringify({
      DomainId: domainId,
      UserProfileName: 'jane-doe',
      AppType: 'JupyterServer',
      ResourceName: 'default',
    }),
  );
  app = await buildApp({
    port: 0,
    tokenFile: path.join(studio.sandboxDir, 'sidecar-token'),
    metadataFile,
    env: studio.env,
    logLevel: false,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
  const token = (await fs.readFile(path.join(studio.sandboxDir, 'sidecar-token'), 'utf8')).trim();
  headers = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` };
});
afterAll(async () => {
  await app?.close();
  await studio?.close();
});

const get = async (url: string) => {
  const res = await request(port, { path: url, headers });
  return { status: res.status, body: JSON.parse(res.body) };
};
const del = async (url: string) => {
  const res = await request(port, { method: 'DELETE', path: url, headers });
  return { status: res.status, body: JSON.parse(res.body) };
};
const appsIn = (owner: string): AppSnapshot[] =>
  studio.emulator.snapshot().domains[0]!.apps.filter((a) => a.owner.name === owner);
const listAppsCalls = (): number => studio.emulator.calls()['SageMaker.ListApps'] ?? 0;

test("the cost route shows jane's apps and her space's, as the seed dictates", async () => {
  const { status, body } = await get('/api/cost');
  expect(status).toBe(200);
  expect(body.userProfileName).toBe('jane-doe');
  const rows = body.apps.map((a: { owner: { name: string }; instanceType: string; standing: string }) =>
    [a.owner.name, a.instanceType, a.standing].join(' '),
  );
  expect(rows.sort()).toEqual(
    [
      'jane-doe system ok', // JupyterServer, free, never over a limit
      'jane-doe ml.t3.medium over-limit', // 144 h > 120 h
      'jane-doe ml.m5.xlarge ok', // 8 h
      'team-forecasting system ok', // her space
      'team-forecasting ml.m5.large ok',
    ].sort(),
  );
  expect(body.totals.unpricedApps).toBe(0);
  expect(body.totals.pricePerHour).toBeCloseTo(0.05 + 0.23 + 0.115, 4);
});

test('a hundred tabs polling at once cost the local AWS one ListApps', async () => {
  clockOffsetMs += 31_000; // past the 30 s interval: the listing is stale
  const before = listAppsCalls();
  const results = await Promise.all(Array.from({ length: 100 }, () => get('/api/cost')));
  expect(results.every((r) => r.status === 200)).toBe(true);
  // The domain's 18 apps fit one page: one pass is one call.
  expect(listAppsCalls() - before).toBe(1);
  await Promise.all(Array.from({ length: 10 }, () => get('/api/cost')));
  expect(listAppsCalls() - before).toBe(1);
});

test("stopping another user's or another owner's space's app is refused and changes nothing", async () => {
  const wei = appsIn('nlp-lab')[0]!;
  const refused = await del(`/api/apps/${wei.appType}/${wei.appName}?space=nlp-lab`);
  expect(refused.status).toBe(403);
  expect(refused.body.message).toMatch(/belongs to wei-zhang/);
  const john = appsIn('john-smith').find((a) => a.appType === 'KernelGateway')!;
  expect((await del(`/api/apps/KernelGateway/${john.appName}?user=john-smith`)).status).toBe(403);
  // Without ?user, john's kernel is looked for among jane's own apps: not there.
  expect((await del(`/api/apps/KernelGateway/${john.appName}`)).status).toBe(404);
  expect(appsIn('nlp-lab')[0]!.status).toBe(wei.status);
  expect(appsIn('john-smith').find((a) => a.appName === john.appName)!.status).toBe(john.status);
});

test('stopping her own app and her space app really deletes them in the local Studio', async () => {
  const mine = appsIn('jane-doe').find((a) => a.instanceType === 'ml.m5.xlarge')!;
  const own = await del(`/api/apps/KernelGateway/${mine.appName}`);
  expect(own).toEqual({
    status: 202,
    body: {
      appType: 'KernelGateway',
      appName: mine.appName,
      owner: { kind: 'user', name: 'jane-doe' },
      status: 'Deleting',
    },
  });
  const spaceApp = appsIn('team-forecasting').find((a) => a.appType === 'KernelGateway')!;
  expect((await del(`/api/apps/KernelGateway/${spaceApp.appName}?space=team-forecasting`)).status).toBe(202);

  const statusOf = (owner: string, name: string) => appsIn(owner).find((a) => a.appName === name)?.status;
  expect(statusOf('jane-doe', mine.appName)).toBe('Deleting');
  expect(statusOf('team-forecasting', spaceApp.appName)).toBe('Deleting');

  // The cache was dropped: the next cost request no longer lists them.
  const after = (await get('/api/cost')).body;
  const names = after.apps.map((a: { appName: string }) => a.appName);
  expect(names).not.toContain(mine.appName);
  expect(names).not.toContain(spaceApp.appName);

  // A second click while it goes away is not an error (and asks nothing more of AWS).
  expect((await del(`/api/apps/KernelGateway/${mine.appName}`)).status).toBe(202);
  const deadline = Date.now() + 5000;
  while (statusOf('jane-doe', mine.appName) !== 'Deleted' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(statusOf('jane-doe', mine.appName)).toBe('Deleted');
});

test('the emulator saw only well-formed requests', () => {
  expect(studio.emulator.violations()).toEqual([]);
});
