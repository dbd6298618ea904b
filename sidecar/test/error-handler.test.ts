import './helpers/esm-cookie-shim';
import fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { SidecarError } from '../src/errors';
import errorHandler from '../src/plugins/app/error-handler';
import { validationMessage } from '../src/validation-message';
import { loggerOptions } from '../src/logger';
import { resolveOptions } from '../src/options';

/** A bare Fastify with only our error handler and logger, and routes that fail on purpose. */
async function appWithFailures() {
  const lines: string[] = [];
  const app = fastify({
    logger: loggerOptions(resolveOptions({ logStream: { write: (l: string) => void lines.push(l) } })),
    schemaErrorFormatter: validationMessage,
    ajv: { customOptions: { removeAdditional: false } },
  });
  await app.register(errorHandler);
  app.get('/crash', async () => {
    throw new Error('ENOENT: /home/sagemaker-user/.secret at arn:aws:iam::123456789012:role/x');
  });
  app.get('/aws', async () => {
    throw Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
  });
  app.get('/fastify-5xx', async () => {
    throw Object.assign(new Error('upstream said: token=abc'), { statusCode: 502 });
  });
  app.get('/deliberate', async () => {
    throw new SidecarError(503, 'the sidecar is not running inside SageMaker Studio');
  });
  app.get('/conflict', async () => {
    throw new SidecarError(409, 'already stopping');
  });
  app.post(
    '/things/:name',
    {
      schema: {
        params: Type.Object({ name: Type.String({ pattern: '^[a-z]+$' }) }),
        querystring: Type.Object({ space: Type.Optional(Type.String()) }, { additionalProperties: false }),
        body: Type.Object({ size: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      },
    },
    async () => ({ ok: true }),
  );
  return { app, lines };
}

test.each(['/crash', '/aws', '/fastify-5xx'])(
  '%s: a 5xx says "internal error" and a request id found in the log',
  async (url) => {
    const { app, lines } = await appWithFailures();
    const res = await app.inject({ url });
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    const body = res.json();
    expect(body).toEqual({
      statusCode: res.statusCode,
      error: expect.any(String),
      message: 'internal error',
      requestId: expect.any(String),
    });
    expect(res.body).not.toMatch(/ENOENT|arn:|Rate exceeded|token=|at .*\.ts/);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === body.requestId && l.err);
    expect(logged).toBeDefined();
    expect(logged.err.stack).toBeDefined();
  },
);

test('a message written for the client survives, even on a 503', async () => {
  const { app } = await appWithFailures();
  const res = await app.inject({ url: '/deliberate' });
  expect(res.statusCode).toBe(503);
  expect(res.json().message).toMatch(/not running inside SageMaker Studio/);
  expect((await app.inject({ url: '/conflict' })).json()).toMatchObject({
    statusCode: 409,
    error: 'Conflict',
  });
});

test.each([
  ['params', '/things/UP?', { size: 1 }, /^params\/name: must match pattern/],
  ['unknown query', '/things/ok?spce=x', { size: 1 }, /^querystring\/spce: is not a known property$/],
  ['missing body field', '/things/ok', {}, /^body\/size: is required$/],
  ['wrong body type', '/things/ok', { size: 'big' }, /^body\/size: must be integer$/],
  ['unknown body field', '/things/ok', { size: 1, colour: 'red' }, /^body\/colour: is not a known property$/],
])('bad input (%s) is a 400 naming the field', async (_name, url, payload, message) => {
  const { app } = await appWithFailures();
  const res = await app.inject({ method: 'POST', url, payload });
  expect(res.statusCode).toBe(400);
  expect(res.json().message).toMatch(message);
});

test('a body that is not JSON is a 400, not a 500', async () => {
  const { app } = await appWithFailures();
  const res = await app.inject({
    method: 'POST',
    url: '/things/ok',
    headers: { 'content-type': 'application/json' },
    payload: '{"size":',
  });
  expect(res.statusCode).toBe(400);
});

test('secrets in logged objects are redacted', async () => {
  const lines: string[] = [];
  const app = fastify({
    logger: loggerOptions(resolveOptions({ logStream: { write: (l: string) => void lines.push(l) } })),
  });
  app.log.info(
    { token: 't0k', user: { pat: 'glpat-x', secret: 's' }, req: { headers: { authorization: 'Bearer z' } } },
    'x',
  );
  const text = lines.join('');
  for (const secret of ['t0k', 'glpat-x', '"s"', 'Bearer z']) expect(text).not.toContain(secret);
  expect(text).toContain('[redacted]');
});
