import { performance } from 'node:perf_hooks';
import { ListAppsCommand, ListSpacesCommand } from '@aws-sdk/client-sagemaker';
import { buildTestApp, JANE_METADATA, OWN_HOST, type TestApp } from './helpers/test-app';
import { DOMAIN, fakeSageMaker, NOW } from './helpers/fake-domain';

let sagemaker: ReturnType<typeof fakeSageMaker>;
let t: TestApp;

beforeEach(() => {
  sagemaker = fakeSageMaker();
});
afterEach(async () => {
  await t?.close();
  sagemaker.restore();
});

const listAppsCalls = () => sagemaker.commandCalls(ListAppsCommand);
/** One pass over the domain is as many ListApps calls as pages (9 apps, 4 a page: 3). */
const PAGES_PER_PASS = 3;

test("lists jane's own apps and her space's, priced and judged by core, with totals", async () => {
  t = await buildTestApp({ now: () => NOW });
  const res = await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({
    generatedAt: NOW.toISOString(),
    listedAt: NOW.toISOString(),
    domainId: DOMAIN,
    region: 'us-east-1',
    userProfileName: 'jane-doe',
  });
  const rows = body.apps.map((a: Record<string, unknown>) => [
    a.owner,
    a.appType,
    a.appName,
    a.status,
    a.instanceType,
    a.uptimeSeconds,
    a.pricePerHour,
    a.costSoFar,
    a.standing,
    a.limitHours,
  ]);
  // Oldest first; bob's apps, team-space (bob's) and the Deleted kernel are left out.
  expect(rows).toEqual([
    [
      { kind: 'user', name: 'jane-doe' },
      'JupyterServer',
      'default',
      'InService',
      'system',
      720000,
      0,
      0,
      'ok',
      24,
    ],
    [
      { kind: 'user', name: 'jane-doe' },
      'KernelGateway',
      'datascience-1-0-ml-t3-medium-abc',
      'InService',
      'ml.t3.medium',
      360000,
      0.05,
      5,
      'near-limit',
      120,
    ],
    [
      { kind: 'user', name: 'jane-doe' },
      'KernelGateway',
      'gpu-kernel',
      'InService',
      'ml.g4dn.xlarge',
      108000,
      0.736,
      22.08,
      'over-limit',
      24,
    ],
    [
      { kind: 'space', name: 'jane-space' },
      'JupyterLab',
      'default',
      'InService',
      'ml.m5.xlarge',
      7200,
      0.23,
      0.46,
      'ok',
      24,
    ],
    [
      { kind: 'user', name: 'jane-doe' },
      'KernelGateway',
      'starting-kernel',
      'Pending',
      'ml.m5.large',
      360,
      0.115,
      0.0115,
      'ok',
      24,
    ],
  ]);
  expect(body.totals).toEqual({ pricePerHour: 1.131, costSoFar: 27.5515, unpricedApps: 0 });
  expect(listAppsCalls()).toHaveLength(PAGES_PER_PASS);
  expect(listAppsCalls()[0]!.args[0].input).toMatchObject({ DomainIdEquals: DOMAIN, MaxResults: 100 });
});

test('100 concurrent requests cost AWS one listing; uptime still ticks while the listing is reused', async () => {
  let now = NOW;
  t = await buildTestApp({ now: () => now, costCacheTtlMs: 30_000 });
  const responses = await Promise.all(
    Array.from({ length: 100 }, () => t.app.inject({ url: '/api/cost', headers: t.headers })),
  );
  expect(responses.every((r) => r.statusCode === 200)).toBe(true);
  expect(listAppsCalls()).toHaveLength(PAGES_PER_PASS);
  expect(sagemaker.commandCalls(ListSpacesCommand)).toHaveLength(1);

  now = new Date(NOW.getTime() + 10_000);
  const later = (await t.app.inject({ url: '/api/cost', headers: t.headers })).json();
  expect(listAppsCalls()).toHaveLength(PAGES_PER_PASS);
  expect(later.listedAt).toBe(NOW.toISOString());
  expect(later.generatedAt).toBe(now.toISOString());
  expect(later.apps[0].uptimeSeconds).toBe(720010);

  now = new Date(NOW.getTime() + 30_000);
  await Promise.all(Array.from({ length: 10 }, () => t.app.inject({ url: '/api/cost', headers: t.headers })));
  expect(listAppsCalls()).toHaveLength(2 * PAGES_PER_PASS);
});

test('tabs polling within one second share one computed report, until the second, the listing or a second of real time changes', async () => {
  let now = NOW;
  t = await buildTestApp({ now: () => now, costCacheTtlMs: 30_000 });
  const report = jest.spyOn(t.app.cost, 'report');
  const get = async () => (await t.app.inject({ url: '/api/cost', headers: t.headers })).body;

  const first = await get();
  const again = await Promise.all(Array.from({ length: 20 }, get));
  expect(again.every((body) => body === first)).toBe(true);
  expect(report).toHaveBeenCalledTimes(1);

  now = new Date(NOW.getTime() + 1000);
  expect(JSON.parse(await get()).generatedAt).toBe(now.toISOString());
  expect(report).toHaveBeenCalledTimes(2);

  // A stop drops the listing: the next answer is computed from the new one at once.
  t.app.domainListing.invalidate();
  await get();
  expect(report).toHaveBeenCalledTimes(3);

  // Prices may change in the background: an answer is never older than a second of real time.
  const realNow = performance.now();
  const clock = jest.spyOn(performance, 'now').mockReturnValue(realNow + 1500);
  try {
    await get();
    expect(report).toHaveBeenCalledTimes(4);
  } finally {
    clock.mockRestore();
  }
});

test('a failed listing is a 5xx with our words only, shared by the requests waiting on it, then retried', async () => {
  t = await buildTestApp({ now: () => NOW });
  const denied = Object.assign(
    new Error(
      'User: arn:aws:sts::123456789012:assumed-role/SageMakerExecution/x is not authorized to perform: sagemaker:ListApps',
    ),
    {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      $operation: 'sagemaker:ListApps',
    },
  );
  sagemaker.failNext('ListApps', denied);
  const [a, b] = await Promise.all([
    t.app.inject({ url: '/api/cost', headers: t.headers }),
    t.app.inject({ url: '/api/cost', headers: t.headers }),
  ]);
  for (const res of [a, b]) {
    expect(res.statusCode).toBe(502);
    expect(res.json().message).toBe(
      'the Studio execution role is not allowed to call sagemaker:ListApps; ask your Studio admin',
    );
    expect(res.body).not.toMatch(/arn:|123456789012/);
  }
  const logged = t.logs.find((l) => l.reqId === a.json().requestId && l.err);
  expect(JSON.stringify(logged)).toContain('not authorized');

  sagemaker.failNext(
    'ListApps',
    Object.assign(new Error('boom'), {
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    }),
  );
  const failed = await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(failed.statusCode).toBe(502);
  expect(failed.json().message).not.toContain('boom');
});

test('identity: who the sidecar acts for', async () => {
  t = await buildTestApp({ now: () => NOW });
  const res = await t.app.inject({ url: '/api/identity', headers: t.headers });
  expect(res.json()).toEqual({
    domainId: DOMAIN,
    userProfileName: 'jane-doe',
    spaceName: 'jane-space',
    appType: 'JupyterLab',
    resourceName: 'default',
    region: 'us-east-1',
  });
  expect(listAppsCalls()).toHaveLength(0);
});

test("an app of a space whose metadata names no user acts for the space's owner", async () => {
  const { UserProfileName: _omit, ...spaceOnly } = JANE_METADATA;
  t = await buildTestApp({ now: () => NOW, metadata: { ...spaceOnly, SpaceName: 'jane-space' } });
  expect((await t.app.inject({ url: '/api/identity', headers: t.headers })).json().userProfileName).toBe(
    'jane-doe',
  );
  expect((await t.app.inject({ url: '/api/cost', headers: t.headers })).json().apps).toHaveLength(5);
});

test('the region comes from the app ARN when the environment names none', async () => {
  t = await buildTestApp({
    now: () => NOW,
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', HOME: '/nonexistent' },
    metadata: { ...JANE_METADATA, ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:app/x' },
  });
  const body = (await t.app.inject({ url: '/api/cost', headers: t.headers })).json();
  expect(body.region).toBe('eu-west-1');
  // No eu-west-1 prices in the table: unknown, never $0.
  expect(body.totals.unpricedApps).toBe(5);
});

describe('outside Studio', () => {
  test('cost, identity and stop answer 503 saying so; health still works and says so', async () => {
    t = await buildTestApp({ metadata: null });
    for (const [method, url] of [
      ['GET', '/api/cost'],
      ['GET', '/api/identity'],
      ['DELETE', '/api/apps/JupyterLab/default'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: t.headers });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/not running inside SageMaker Studio/);
    }
    const health = await t.app.inject({ url: '/api/health', headers: { host: OWN_HOST } });
    expect(health.json()).toMatchObject({
      status: 'ok',
      insideStudio: false,
      message: expect.stringMatching(/does not exist/),
    });
    expect(listAppsCalls()).toHaveLength(0);
  });
});
