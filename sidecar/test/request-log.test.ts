import { buildTestApp, type TestApp } from './helpers/test-app';
import { fakeSageMaker, NOW } from './helpers/fake-domain';

let sagemaker: ReturnType<typeof fakeSageMaker>;
let t: TestApp;

beforeEach(() => {
  sagemaker = fakeSageMaker({ delayMs: 1 });
});
afterEach(async () => {
  await t.close();
  sagemaker.restore();
});

const requestLines = () => t.logs.filter((l) => /^(incoming request|request completed)$/.test(String(l.msg)));

test('at info, a successful poll writes no request line; a stop and a refusal write one each', async () => {
  t = await buildTestApp({ now: () => NOW });
  for (let i = 0; i < 3; i++) await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(requestLines()).toEqual([]);

  await t.app.inject({ method: 'DELETE', url: '/api/apps/KernelGateway/gpu-kernel', headers: t.headers });
  await t.app.inject({ url: '/api/cost', headers: { host: t.headers.host! } });
  const lines = requestLines();
  expect(
    lines.map((l) => [
      l.msg,
      (l.req as { method: string }).method,
      (l.res as { statusCode: number }).statusCode,
    ]),
  ).toEqual([
    ['request completed', 'DELETE', 202],
    ['request completed', 'GET', 401],
  ]);
  expect(lines.every((l) => typeof l.responseTime === 'number' && l.reqId !== undefined)).toBe(true);
});

test('at debug, every request is logged as it comes and as it ends', async () => {
  t = await buildTestApp({ now: () => NOW, logLevel: 'debug' });
  await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(requestLines().map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
});

test("a request's logger is made only when it writes a line, and its lines carry the request id", async () => {
  t = await buildTestApp({ now: () => NOW });
  await t.app.inject({ url: '/api/cost', headers: t.headers }); // AWS clients made, listing cached
  const child = jest.spyOn(t.app.log, 'child');
  for (let i = 0; i < 5; i++) await t.app.inject({ url: '/api/cost', headers: t.headers });
  expect(child).not.toHaveBeenCalled();

  const refused = await t.app.inject({ url: '/api/cost', headers: { host: t.headers.host! } });
  expect(child).toHaveBeenCalledTimes(1);
  const lines = t.logs.filter((l) => l.reqId === refused.json().requestId);
  expect(lines.map((l) => l.msg)).toEqual(['request refused', 'request completed']);
  expect(t.rawLogs.join('\n')).not.toContain(t.token);
});
