import { DeleteAppCommand, ListAppsCommand } from '@aws-sdk/client-sagemaker';
import { buildTestApp, type TestApp } from './helpers/test-app';
import { DOMAIN, fakeSageMaker, NOW } from './helpers/fake-domain';

let sagemaker: ReturnType<typeof fakeSageMaker>;
let t: TestApp;

beforeEach(async () => {
  sagemaker = fakeSageMaker({ delayMs: 1 });
  t = await buildTestApp({ now: () => NOW, mutationRateLimit: { max: 100, timeWindowMs: 60_000 } });
});
afterEach(async () => {
  await t.close();
  sagemaker.restore();
});

const stop = (path: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/apps/${path}`, headers: t.headers });
const deletes = () => sagemaker.commandCalls(DeleteAppCommand).map((c) => c.args[0].input);

test("stops one of the user's own apps: 202, DeleteApp for her profile, and the cost listing is refreshed", async () => {
  await t.app.inject({ url: '/api/cost', headers: t.headers });
  const listings = sagemaker.commandCalls(ListAppsCommand).length;

  const res = await stop('KernelGateway/gpu-kernel');
  expect(res.statusCode).toBe(202);
  expect(res.json()).toEqual({
    appType: 'KernelGateway',
    appName: 'gpu-kernel',
    owner: { kind: 'user', name: 'jane-doe' },
    status: 'Deleting',
  });
  expect(deletes()).toEqual([
    { DomainId: DOMAIN, AppType: 'KernelGateway', AppName: 'gpu-kernel', UserProfileName: 'jane-doe' },
  ]);
  // The stop reused the cached listing; the next cost request lists again.
  expect(sagemaker.commandCalls(ListAppsCommand)).toHaveLength(listings);
  await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(sagemaker.commandCalls(ListAppsCommand).length).toBeGreaterThan(listings);
});

test('stops an app of a space she owns', async () => {
  const res = await stop('JupyterLab/default?space=jane-space');
  expect(res.statusCode).toBe(202);
  expect(res.json().owner).toEqual({ kind: 'space', name: 'jane-space' });
  expect(deletes()).toEqual([
    { DomainId: DOMAIN, AppType: 'JupyterLab', AppName: 'default', SpaceName: 'jane-space' },
  ]);
});

test.each([
  ['an app of another user', 'KernelGateway/gpu-kernel?user=bob-smith', /of user bob-smith is not yours/],
  [
    'an app of a space someone else owns (she is only a member)',
    'JupyterLab/default?space=team-space',
    /space team-space belongs to bob-smith/,
  ],
  [
    'an app of a space nobody owns',
    'JupyterServer/default?space=classic-space',
    /space classic-space has no owner/,
  ],
])('refuses %s with 403, without calling DeleteApp', async (_name, path, message) => {
  const res = await stop(path);
  expect(res.statusCode).toBe(403);
  expect(res.json().message).toMatch(message);
  expect(res.json().message).toMatch(/you can only stop/);
  expect(deletes()).toEqual([]);
});

test('a body-less stop labelled JSON, as JupyterLab sends every request, is accepted; malformed JSON is a 400', async () => {
  const headers = { ...t.headers, 'content-type': 'application/json' };
  const url = '/api/apps/KernelGateway/gpu-kernel';
  const bad = await t.app.inject({ method: 'DELETE', url, headers, payload: '{' });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().message).toMatch(/not valid JSON/);
  expect(deletes()).toEqual([]);
  const res = await t.app.inject({ method: 'DELETE', url, headers });
  expect(res.statusCode).toBe(202);
  expect(deletes()).toHaveLength(1);
});

test('naming herself explicitly is fine', async () => {
  expect((await stop('KernelGateway/gpu-kernel?user=jane-doe')).statusCode).toBe(202);
});

test.each([
  [
    'an unknown app',
    'KernelGateway/no-such-kernel',
    /there is no KernelGateway app "no-such-kernel" of user jane-doe/,
  ],
  ['a Deleted app', 'KernelGateway/old-kernel', /there is no KernelGateway app "old-kernel"/],
  ['an unknown space', 'JupyterLab/default?space=nowhere', /there is no space nowhere/],
  ['a space app asked for as her own', 'JupyterLab/default', /add \?space=<name>/],
])('%s is a 404, after one fresh look at AWS', async (_name, path, message) => {
  await t.app.inject({ url: '/api/cost', headers: t.headers });
  const before = sagemaker.commandCalls(ListAppsCommand).length;
  const res = await stop(path);
  expect(res.statusCode).toBe(404);
  expect(res.json().message).toMatch(message);
  expect(sagemaker.commandCalls(ListAppsCommand).length).toBeGreaterThan(before);
  expect(deletes()).toEqual([]);
});

test('a starting app is a 409; AWS refusing the delete is a 409 or 404, in our words', async () => {
  expect((await stop('KernelGateway/starting-kernel')).statusCode).toBe(409);

  sagemaker.failNext(
    'DeleteApp',
    Object.assign(new Error('App arn:aws:sagemaker:... is in use'), {
      name: 'ResourceInUse',
      $metadata: {},
    }),
  );
  const busy = await stop('KernelGateway/gpu-kernel');
  expect(busy.statusCode).toBe(409);
  expect(busy.body).not.toContain('arn:');

  sagemaker.failNext(
    'DeleteApp',
    Object.assign(new Error('gone'), { name: 'ResourceNotFound', $metadata: {} }),
  );
  expect((await stop('KernelGateway/gpu-kernel')).statusCode).toBe(404);
});

test('bad input is a 400 naming the field', async () => {
  const cases: [string, RegExp][] = [
    ['Notebook/default', /^params\/appType: /],
    ['JupyterLab/-bad-', /^params\/appName: must match pattern/],
    [`JupyterLab/${'a'.repeat(64)}`, /^params\/appName: /],
    ['JupyterLab/default?space=bad_name', /^querystring\/space: must match pattern/],
    ['JupyterLab/default?spce=jane-space', /^querystring\/spce: is not a known property$/],
    ['JupyterLab/default?user=', /^querystring\/user: /],
  ];
  for (const [path, message] of cases) {
    const res = await stop(path);
    expect({ path, status: res.statusCode }).toEqual({ path, status: 400 });
    expect(res.json().message).toMatch(message);
  }
  expect(deletes()).toEqual([]);
});

test('stops are rate limited', async () => {
  await t.close();
  t = await buildTestApp({ now: () => NOW, mutationRateLimit: { max: 2, timeWindowMs: 60_000 } });
  expect((await stop('KernelGateway/no-such-kernel')).statusCode).toBe(404);
  expect((await stop('KernelGateway/no-such-kernel')).statusCode).toBe(404);
  const limited = await stop('KernelGateway/gpu-kernel');
  expect(limited.statusCode).toBe(429);
  expect(limited.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/rate limit/i) });
  expect(deletes()).toEqual([]);
  // Reads are not limited: a hundred tabs poll them.
  for (let i = 0; i < 5; i += 1)
    expect((await t.app.inject({ url: '/api/cost', headers: t.headers })).statusCode).toBe(200);
});
