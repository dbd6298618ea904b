import { loadSeed, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { parseWith, StatusAllReport, StatusReport } from '@studio-teams/schema';
import { runCli } from '../helpers/run-cli';

/**
 * The same commands while ~20% of calls are throttled or fail with 5xx: the SDK's retries absorb
 * them. And when throttling never clears, one line says so.
 */

jest.setTimeout(120_000);

let studio: TestStudio;
const FAULTS = { throttleRate: 0.1, errorRate: 0.1, seed: 20261129 };
const sm = (argv: string[]) => runCli(argv, { env: studio.env });
const total = () => Object.values(studio.emulator.calls()).reduce((a, b) => a + b, 0);
const domain = () => studio.emulator.snapshot().domains.find((d) => d.name === 'datascience')!;

beforeAll(async () => {
  // Another caller than the other test files: they share one moto, where each caller is an IAM role.
  studio = await startTestStudio({
    seed: { ...loadSeed(), caller: 'john.smith' },
    timing: { pendingMs: 200, deletingMs: 200 },
  });
  studio.emulator.setFaults(FAULTS);
});
afterAll(() => studio?.close());

it('every command succeeds with 10% throttling and 10% 5xx', async () => {
  const status = await sm(['status', '--all', '--json']);
  expect(status.stderr).toBe('');
  expect(status.code).toBe(0);
  parseWith(StatusReport, JSON.parse(status.stdout), 'status');

  const all = await sm(['status-all', '--json']);
  expect(all.code).toBe(0);
  const report = parseWith(StatusAllReport, JSON.parse(all.stdout), 'status-all');
  expect(report.efs.totalBytes).not.toBeNull();

  expect((await sm(['spaces', 'list', '--json'])).code).toBe(0);
  expect((await sm(['up', '--space', 'under-load', '--no-browser'])).code).toBe(0);
  expect(domain().spaces.map((s) => s.name)).toContain('under-load');
  expect((await sm(['down'])).code).toBe(0);
  expect((await sm(['spaces', 'create', 'second-space'])).code).toBe(0);
  expect((await sm(['delete', '--space', 'under-load', '--yes'])).code).toBe(0);
  expect(domain().spaces.map((s) => s.name)).not.toContain('under-load');
  const downAll = await sm(['down-all', '--yes']);
  expect(downAll.code).toBe(0);
  expect(domain().apps.filter((a) => a.status === 'InService' || a.status === 'Pending')).toEqual([]);
});

it('the faults really happened: the same reads cost more requests', async () => {
  studio.emulator.setFaults({ throttleRate: 0, errorRate: 0 });
  studio.emulator.resetCalls();
  for (let i = 0; i < 10; i++) expect((await sm(['status-all', '--json'])).code).toBe(0);
  const clean = total();
  studio.emulator.setFaults(FAULTS);
  studio.emulator.resetCalls();
  for (let i = 0; i < 10; i++) expect((await sm(['status-all', '--json'])).code).toBe(0);
  expect(total()).toBeGreaterThan(clean);
});

it('throttling that never clears ends in one line that says so', async () => {
  studio.emulator.setFaults({ throttleRate: 1, errorRate: 0 });
  const r = await runCli(['status-all'], { env: { ...studio.env, AWS_MAX_ATTEMPTS: '2' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    'error: AWS kept throttling the request (sagemaker:ListDomains) on all 2 attempts in us-east-1; wait a minute and try again\n',
  );
});

it('5xx that never clears ends in one line that says so', async () => {
  studio.emulator.setFaults({ throttleRate: 0, errorRate: 1 });
  const r = await runCli(['spaces', 'list'], { env: { ...studio.env, AWS_MAX_ATTEMPTS: '2' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^error: AWS kept failing \(sagemaker:ListDomains\) with HTTP 50[03] after 2 attempts in us-east-1; try again later \(.*\)\n$/,
  );
});
