import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LifecycleStatus, LifecycleSummary, OnStartResult } from '@studio-teams/schema';
import { buildTestApp, type TestApp } from './helpers/test-app';

/** `GET /api/lifecycle`: what the panel shows of the last start, from the files the scripts leave. */
let t: TestApp;
let stateDir: string;

beforeEach(async () => {
  t = await buildTestApp();
  stateDir = path.join(t.dir, '.local', 'state', 'studio-teams');
  await fs.mkdir(stateDir, { recursive: true });
});
afterEach(() => t.close());

const get = async (): Promise<{ status: number; body: LifecycleStatus }> => {
  const res = await t.app.inject({ url: '/api/lifecycle', headers: t.headers });
  return { status: res.statusCode, body: res.json() };
};

const SUMMARY: LifecycleSummary = {
  script: 'jupyterlab',
  startedAt: '2026-11-29T08:00:00.000Z',
  finishedAt: '2026-11-29T08:00:04.200Z',
  durationMs: 4200,
  version: '0.1.0+07154231b927',
  steps: [
    { name: 'artifacts', status: 'ok', message: 'version 0.1.0+07154231b927', durationMs: 600 },
    { name: 'wheel', status: 'changed', message: 'installed 0.1.0+07154231b927', durationMs: 2500 },
    { name: 'node', status: 'failed', message: 'no Node 20+ in the image or the artifacts', durationMs: 20 },
    { name: 'on-start', status: 'ok', message: 'started ~/.on_start in the background', durationMs: 5 },
  ],
};

test('no start recorded: 200 with no summary and a sentence saying why', async () => {
  const { status, body } = await get();
  expect(status).toBe(200);
  expect(body).toEqual({
    summary: null,
    failed: [],
    message: 'No start recorded: the Studio for Teams lifecycle config did not run in this app.',
    onStart: null,
  });
});

test('the last start with its failed steps named, and the end of ~/.on_start’s output', async () => {
  await fs.writeFile(path.join(stateDir, 'last-start.json'), JSON.stringify(SUMMARY));
  const result: OnStartResult = {
    startedAt: '2026-11-29T08:00:04.000Z',
    finishedAt: '2026-11-29T08:00:09.000Z',
    exitCode: 3,
    timedOut: false,
  };
  await fs.writeFile(path.join(stateDir, 'on-start.json'), JSON.stringify(result));
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  await fs.writeFile(path.join(stateDir, 'on-start.log'), `${lines.join('\n')}\n`);

  const { status, body } = await get();
  expect(status).toBe(200);
  expect(body.summary).toEqual(SUMMARY);
  expect(body.failed.map((s) => s.name)).toEqual(['node']);
  expect(body.message).toBe(
    'The last start (jupyterlab, 2026-11-29 08:00 UTC) had 1 failed step: node. The app started all the same.',
  );
  expect(body.onStart).toEqual({ result, logTail: lines.slice(10) });
});

test('a start without failures says how long it took and whether anything changed', async () => {
  const ok = { ...SUMMARY, steps: SUMMARY.steps.filter((s) => s.status !== 'failed') };
  await fs.writeFile(path.join(stateDir, 'last-start.json'), JSON.stringify(ok));
  const { body } = await get();
  expect(body.failed).toEqual([]);
  expect(body.message).toBe(
    'The last start (jupyterlab, 2026-11-29 08:00 UTC) took 4.2 s: 1 step changed, no failures.',
  );
});

test('~/.on_start still running: its output so far, no result yet', async () => {
  await fs.writeFile(path.join(stateDir, 'last-start.json'), JSON.stringify(SUMMARY));
  await fs.writeFile(path.join(stateDir, 'on-start.log'), 'pip install …\n');
  const { body } = await get();
  expect(body.onStart).toEqual({ result: null, logTail: ['pip install …'] });
});

test('a huge ~/.on_start log is read from its end only', async () => {
  await fs.writeFile(path.join(stateDir, 'on-start.log'), `${'x'.repeat(5_000_000)}\nlast line\n`);
  const { body } = await get();
  expect(body.onStart?.logTail.at(-1)).toBe('last line');
  expect(body.onStart?.logTail.join('\n').length).toBeLessThanOrEqual(16 * 1024);
});

test.each([
  ['not JSON', '{"script":', 'it is not JSON'],
  ['another shape', '{"script":"jupyterlab"}', 'it is not a lifecycle summary'],
])('a summary that is %s: 200, no summary, the file and the reason named', async (_what, text, why) => {
  await fs.writeFile(path.join(stateDir, 'last-start.json'), text);
  const { status, body } = await get();
  expect(status).toBe(200);
  expect(body.summary).toBeNull();
  expect(body.message).toBe(
    `The last start's summary ${path.join(stateDir, 'last-start.json')} is unreadable: ${why}.`,
  );
});

test('XDG_STATE_HOME is where the scripts write when it is set', async () => {
  await t.close();
  const other = await fs.mkdtemp(path.join(t.dir, '..', 'state-'));
  t = await buildTestApp({ env: { HOME: '/nonexistent', XDG_STATE_HOME: other, AWS_REGION: 'us-east-1' } });
  await fs.mkdir(path.join(other, 'studio-teams'));
  await fs.writeFile(path.join(other, 'studio-teams', 'last-start.json'), JSON.stringify(SUMMARY));
  expect((await get()).body.summary?.script).toBe('jupyterlab');
  await fs.rm(other, { recursive: true, force: true });
});

test('without the token: 401, nothing read', async () => {
  const res = await t.app.inject({ url: '/api/lifecycle', headers: { host: t.headers.host! } });
  expect(res.statusCode).toBe(401);
});
