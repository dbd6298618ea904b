import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import {
  freePort,
  loadSeed,
  PRICE_LIST_DIFFERENCES,
  startTestStudio,
  type TestStudio,
} from '@studio-teams/emulator';
import { PRICE_TABLE } from '@studio-teams/schema';
import { buildApp } from '../src/app';
import { parseCliArgs } from '../src/cli-args';
import { resolveOptions } from '../src/options';
import { request } from './helpers/http';

/**
 * Where the cost route's prices come from, over real sockets: the sidecar, the local Studio (the
 * emulator, whose Price List differs from the table for ml.g5.xlarge and knows ml.g6.xlarge, which
 * the table does not), jane-doe with a JupyterLab on each in the space she owns.
 */
let studio: TestStudio;
const running: FastifyInstance[] = [];

const G5 = 'ml.g5.xlarge';
const G6 = 'ml.g6.xlarge';
const API_G5 = PRICE_LIST_DIFFERENCES['us-east-1']![G5]!;
const API_G6 = PRICE_LIST_DIFFERENCES['us-east-1']![G6]!;
const TABLE_G5 = PRICE_TABLE.regions['us-east-1']![G5]!;

beforeAll(async () => {
  const seed = loadSeed();
  seed.domains[0]!.apps.push(
    { space: 'team-forecasting', type: 'JupyterLab', instanceType: G5, ageHours: 3 },
    { space: 'team-forecasting', type: 'CodeEditor', instanceType: G6, ageHours: 1 },
  );
  studio = await startTestStudio({ seed });
  await fs.writeFile(
    path.join(studio.sandboxDir, 'resource-metadata.json'),
    JSON.stringify({
      DomainId: studio.emulator.domainId('datascience'),
      UserProfileName: 'jane-doe',
      AppType: 'JupyterLab',
      SpaceName: 'team-forecasting',
      ResourceName: 'default',
    }),
  );
});
afterAll(async () => {
  await Promise.all(running.map((a) => a.close()));
  await studio?.close();
});

interface Sidecar {
  app: FastifyInstance;
  cost(): Promise<{ status: number; body: CostBody }>;
}
interface AppRow {
  appType: string;
  instanceType: string;
  pricePerHour: number | null;
  costSoFar: number | null;
  uptimeSeconds: number;
  priceSource?: string;
}
interface CostBody {
  apps: AppRow[];
  totals: { pricePerHour: number; unpricedApps: number };
}

async function startSidecar(
  name: string,
  env: Record<string, string>,
  priceCacheFile: string,
): Promise<Sidecar> {
  const tokenFile = path.join(studio.sandboxDir, `${name}-token`);
  const app = await buildApp({
    port: 0,
    tokenFile,
    metadataFile: path.join(studio.sandboxDir, 'resource-metadata.json'),
    env,
    priceCacheFile,
    logLevel: false,
  });
  running.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const token = (await fs.readFile(tokenFile, 'utf8')).trim();
  const headers = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` };
  return {
    app,
    async cost() {
      const res = await request(port, { path: '/api/cost', headers });
      return { status: res.status, body: JSON.parse(res.body) as CostBody };
    },
  };
}

const row = (body: CostBody, instanceType: string): AppRow => {
  const found = body.apps.find((a) => a.instanceType === instanceType);
  if (!found) throw new Error(`no app on ${instanceType} in ${JSON.stringify(body.apps)}`);
  return found;
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const getProductsCalls = (): number => studio.emulator.calls()['AWSPriceListService.GetProducts'] ?? 0;
const cacheFile = (name: string): string => path.join(studio.sandboxDir, name, 'studio-teams', 'prices.json');

test("the table's price first, the Price List API's after the first refresh, from one bulk query", async () => {
  const sidecar = await startSidecar('first', studio.env, cacheFile('first'));
  const before = getProductsCalls();

  const first = await sidecar.cost();
  expect(first.status).toBe(200);
  // The request did not wait for the API: the table's figure, and no price for a type it lacks.
  expect(row(first.body, G5)).toMatchObject({ pricePerHour: TABLE_G5, priceSource: 'table' });
  expect(row(first.body, G6)).toMatchObject({ pricePerHour: null, costSoFar: null, priceSource: 'unknown' });
  expect(first.body.totals.unpricedApps).toBe(1);

  const later = await until('API prices', async () => {
    const { body } = await sidecar.cost();
    return row(body, G5).priceSource === 'api' ? body : undefined;
  });
  const g5 = row(later, G5);
  expect(g5.pricePerHour).toBe(API_G5);
  expect(API_G5).not.toBe(TABLE_G5);
  expect(g5.costSoFar).toBeCloseTo((API_G5 * g5.uptimeSeconds) / 3600, 4);
  expect(row(later, G6)).toMatchObject({ pricePerHour: API_G6, priceSource: 'api' });
  expect(row(later, 'ml.t3.medium')).toMatchObject({ pricePerHour: 0.05, priceSource: 'api' });
  // The free JupyterServer instance has no SKU: still the table's 0.
  expect(row(later, 'system')).toMatchObject({ pricePerHour: 0, priceSource: 'table' });
  expect(later.totals.unpricedApps).toBe(0);
  const priced = later.apps.reduce((sum, a) => sum + (a.pricePerHour ?? 0), 0);
  expect(later.totals.pricePerHour).toBeCloseTo(priced, 4);

  // One paginated query for the region, not one per app or per request.
  const calls = getProductsCalls() - before;
  expect(calls).toBeGreaterThan(0);
  expect(calls).toBeLessThanOrEqual(2);
  await Promise.all(Array.from({ length: 20 }, () => sidecar.cost()));
  expect(getProductsCalls() - before).toBe(calls);

  const onDisk = JSON.parse(await fs.readFile(cacheFile('first'), 'utf8'));
  expect(onDisk).toMatchObject({
    version: 1,
    endpoint: studio.env.AWS_ENDPOINT_URL,
    regions: { 'us-east-1': { prices: { [G5]: { JupyterLab: API_G5 } } } },
  });
  expect(Date.parse(onDisk.regions['us-east-1'].fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
});

test('a restarted sidecar has the API prices from its disk cache at once, without asking again', async () => {
  const before = getProductsCalls();
  const sidecar = await startSidecar('restarted', studio.env, cacheFile('first'));
  const { body } = await sidecar.cost();
  expect(row(body, G5)).toMatchObject({ pricePerHour: API_G5, priceSource: 'api' });
  await new Promise((r) => setTimeout(r, 200));
  expect(getProductsCalls()).toBe(before);
});

test("when the Price List API cannot be reached, the table's prices, and the route never fails", async () => {
  const closed = await freePort();
  const env = { ...studio.env, AWS_ENDPOINT_URL_PRICING: `http://127.0.0.1:${closed}` };
  const sidecar = await startSidecar('unreachable', env, cacheFile('unreachable'));
  const before = getProductsCalls();

  const first = await sidecar.cost();
  expect(first.status).toBe(200);
  await until('the refresh to fail', async () =>
    sidecar.app.cost.prices.status('us-east-1').lastError !== null ? true : undefined,
  );
  expect(sidecar.app.cost.prices.status('us-east-1').lastError).toMatch(/ECONNREFUSED/);

  const after = await sidecar.cost();
  expect(after.status).toBe(200);
  expect(row(after.body, G5)).toMatchObject({ pricePerHour: TABLE_G5, priceSource: 'table' });
  expect(row(after.body, G6)).toMatchObject({ pricePerHour: null, priceSource: 'unknown' });
  expect(after.body.totals.unpricedApps).toBe(1);
  // The rest of AWS was the emulator's all along; the Price List was never reached there.
  expect(getProductsCalls()).toBe(before);
  await expect(fs.access(cacheFile('unreachable'))).rejects.toThrow();
});

test('the price cache lives under the user’s cache folder unless told otherwise', () => {
  const at = (env: NodeJS.ProcessEnv) => resolveOptions({ env }).priceCacheFile;
  expect(at({ HOME: '/home/sagemaker-user' })).toBe('/home/sagemaker-user/.cache/studio-teams/prices.json');
  expect(at({ HOME: '/h', XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/studio-teams/prices.json');
  expect(at({ HOME: '/h', STUDIO_PRICE_CACHE_FILE: '/data/prices.json' })).toBe('/data/prices.json');
  expect(resolveOptions({ env: {}, priceCacheFile: null }).priceCacheFile).toBeNull();
  expect(parseCliArgs(['--price-cache', '/tmp/p.json'], {})).toMatchObject({
    help: false,
    options: { priceCacheFile: '/tmp/p.json' },
  });
});

test('the emulator saw only well-formed requests, and answered within the contract', () => {
  expect(studio.emulator.violations()).toEqual([]);
});
