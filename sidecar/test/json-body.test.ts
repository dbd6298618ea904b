import './helpers/esm-cookie-shim';
import { Type } from '@sinclair/typebox';
import fastify from 'fastify';
import errorHandler from '../src/plugins/app/error-handler';
import jsonBody from '../src/plugins/app/json-body';
import { validationMessage } from '../src/validation-message';

/** A bare Fastify with our error handler and JSON parser: one body-less route, one that needs a body. */
async function appWithRoutes() {
  const app = fastify({ logger: false, schemaErrorFormatter: validationMessage });
  await app.register(errorHandler);
  await app.register(jsonBody);
  app.delete('/things/:name', async (request) => ({ body: request.body ?? null }));
  app.post('/things', { schema: { body: Type.Object({ size: Type.Integer() }) } }, async (request) => ({
    body: request.body,
  }));
  return app;
}

const json = { 'content-type': 'application/json' };

test('a body-less DELETE labelled JSON, as JupyterLab sends it, is accepted as having no body', async () => {
  const app = await appWithRoutes();
  for (const headers of [
    json,
    { ...json, 'content-length': '0' },
    { 'content-type': 'application/json; charset=utf-8' },
  ]) {
    const res = await app.inject({ method: 'DELETE', url: '/things/a', headers });
    expect({ headers, status: res.statusCode, body: res.json() }).toEqual({
      headers,
      status: 200,
      body: { body: null },
    });
  }
});

test.each([
  ['malformed JSON', '{"size":', /not valid JSON/],
  ['whitespace only', '  ', /not valid JSON/],
  ['prototype poisoning', '{"__proto__":{"admin":true}}', /not valid JSON/],
])('%s is still a 400 with a message', async (_name, payload, message) => {
  const app = await appWithRoutes();
  for (const method of ['DELETE', 'POST'] as const) {
    const res = await app.inject({
      method,
      url: method === 'POST' ? '/things' : '/things/a',
      headers: json,
      payload,
    });
    expect({ method, status: res.statusCode }).toEqual({ method, status: 400 });
    expect(res.json().message).toMatch(message);
  }
});

test('a route that needs a body still refuses an empty one, by its schema', async () => {
  const app = await appWithRoutes();
  const res = await app.inject({ method: 'POST', url: '/things', headers: json });
  expect(res.statusCode).toBe(400);
  expect(res.json().message).toMatch(/^body/);
  const ok = await app.inject({ method: 'POST', url: '/things', headers: json, payload: '{"size":1}' });
  expect(ok.json()).toEqual({ body: { size: 1 } });
});
