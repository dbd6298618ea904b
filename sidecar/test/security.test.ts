import { buildTestApp, OWN_HOST, TEST_PORT, type TestApp } from './helpers/test-app';
import { documentedRoutes } from './helpers/openapi-routes';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function served() {
  const res = await t.app.inject({ url: '/api/openapi.json', headers: t.headers });
  expect(res.statusCode).toBe(200);
  return documentedRoutes(res.json());
}

test('the OpenAPI document lists the routes and documents the bearer scheme', async () => {
  const doc = (await t.app.inject({ url: '/api/openapi.json', headers: t.headers })).json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(doc.components.securitySchemes.bearerToken).toEqual(
    expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  );
  expect(doc.security).toEqual([{ bearerToken: [] }]);
  const routes = await served();
  expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
    'DELETE /api/apps/JupyterLab/default',
    'DELETE /api/kernels/specs/x',
    'DELETE /api/ssh/keys/SHA256:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU',
    'GET /api/cost',
    'GET /api/docker',
    'GET /api/git-auth',
    'GET /api/health',
    'GET /api/identity',
    'GET /api/kernels',
    'GET /api/kernels/ipykernel/x',
    'GET /api/lifecycle',
    'GET /api/openapi.json',
    'GET /api/ssh',
    'PATCH /api/kernels/specs/x',
    'POST /api/docker/bastion',
    'POST /api/docker/test',
    'POST /api/git-auth',
    'POST /api/kernels/ipykernel',
    'POST /api/kernels/remove-stale',
    'POST /api/kernels/specs',
    'POST /api/ssh/activate',
    'POST /api/ssh/deactivate',
    'POST /api/ssh/remote-access',
  ]);
  // Health is the only route without the token.
  expect(routes.filter((r) => !r.authenticated).map((r) => r.url)).toEqual(['/api/health']);
});

test('every documented route but health refuses a request without the token, or with a wrong one', async () => {
  for (const route of await served()) {
    if (!route.authenticated) continue;
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Basic ${t.token}`,
      t.token,
      `Bearer ${t.token}x`,
    ]) {
      const res = await t.app.inject({
        method: route.method,
        url: route.url,
        headers: { host: OWN_HOST, ...(authorization ? { authorization } : {}) },
      });
      expect({ route: `${route.method} ${route.url}`, authorization, status: res.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        authorization,
        status: 401,
      });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json().message).toMatch(/Bearer/);
    }
  }
});

test('every documented route, health included, refuses a foreign Host even with the token', async () => {
  const hosts = [
    'evil.example',
    `evil.example:${TEST_PORT}`,
    `127.0.0.1:${TEST_PORT + 1}`,
    '127.0.0.1',
    'localhost',
  ];
  for (const route of await served()) {
    for (const host of hosts) {
      const res = await t.app.inject({
        method: route.method,
        url: route.url,
        headers: { ...t.headers, host },
      });
      expect({ route: route.url, host, status: res.statusCode }).toEqual({
        route: route.url,
        host,
        status: 403,
      });
      expect(res.json().message).toMatch(/own host/);
    }
  }
});

test('both own names are accepted, in any case', async () => {
  for (const host of [`127.0.0.1:${TEST_PORT}`, `localhost:${TEST_PORT}`, `LOCALHOST:${TEST_PORT}`]) {
    const res = await t.app.inject({ url: '/api/openapi.json', headers: { ...t.headers, host } });
    expect(res.statusCode).toBe(200);
  }
});

test('health needs no token and says the sidecar is inside Studio', async () => {
  const res = await t.app.inject({ url: '/api/health', headers: { host: OWN_HOST } });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok', insideStudio: true, version: expect.any(String) });
});

test('an unknown URL needs the token too, then is a 404', async () => {
  expect((await t.app.inject({ url: '/api/nope', headers: { host: OWN_HOST } })).statusCode).toBe(401);
  const res = await t.app.inject({ url: '/api/nope?x=1', headers: t.headers });
  expect(res.statusCode).toBe(404);
  expect(res.json()).toEqual({
    statusCode: 404,
    error: 'Not Found',
    message: 'no route GET /api/nope',
    requestId: expect.any(String),
  });
});

test('the token never reaches the log, even when a client sends it in odd places', async () => {
  await t.app.inject({ url: '/api/openapi.json', headers: t.headers });
  await t.app.inject({
    url: '/api/openapi.json',
    headers: { host: OWN_HOST, authorization: `Bearer ${t.token}x` },
  });
  await t.app.inject({ url: '/api/nope', headers: { ...t.headers, host: 'evil.example' } });
  expect(t.rawLogs.length).toBeGreaterThan(0);
  expect(t.rawLogs.join('\n')).not.toContain(t.token);
});

test('a URL the router cannot take is checked like any other, then a 400 in the usual body', async () => {
  const urls = ['/api/apps/JupyterLab/%zz', '/api/health/%E0%A4', `/api/apps/JupyterLab/${'a'.repeat(2000)}`];
  for (const url of urls) {
    const foreign = await t.app.inject({
      method: 'DELETE',
      url,
      headers: { ...t.headers, host: 'evil.example' },
    });
    expect({ url, status: foreign.statusCode }).toEqual({ url, status: 403 });
    const anonymous = await t.app.inject({ method: 'DELETE', url, headers: { host: OWN_HOST } });
    expect({ url, status: anonymous.statusCode }).toEqual({ url, status: 401 });
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const res = await t.app.inject({ method: 'DELETE', url, headers: t.headers });
    expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
    expect(res.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/malformed %-escape|longer than 1024 characters/),
      requestId: expect.any(String),
    });
    // The raw URL is not echoed back.
    expect(res.body).not.toContain('%zz');
  }
});

test('a path parameter too long for its schema, but not for the router, names the field', async () => {
  const res = await t.app.inject({
    method: 'DELETE',
    url: `/api/apps/JupyterLab/${'a'.repeat(200)}`,
    headers: t.headers,
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().message).toMatch(/^params\/appName: /);
});
