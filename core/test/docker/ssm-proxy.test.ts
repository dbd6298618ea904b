import { PassThrough } from 'node:stream';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { runSsmProxy } from '../../src/docker';

/**
 * The ProxyCommand's own behaviour: its usage, and a failure as one line on stderr (ssh shows it),
 * with nothing ever written to stdout, which is ssh's connection.
 */
let studio: TestStudio;
beforeAll(async () => {
  studio = await startTestStudio();
});
afterAll(async () => {
  await studio?.close();
});

async function proxy(argv: string[], env: NodeJS.ProcessEnv = studio.env) {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  const code = await runSsmProxy({
    argv,
    env,
    stdin,
    stdout,
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr };
}

test('--help prints the usage to stderr and succeeds', async () => {
  const { code, stdout, stderr } = await proxy(['--help']);
  expect(code).toBe(0);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^usage: ssm-proxy \[--region REGION\] \[--debug\] <instance-id>/);
});

test.each([
  [[], 'give exactly one instance id'],
  [['bastion'], 'bastion is not an instance id (i-… or mi-…)'],
  [['--region'], '--region needs a value'],
  [['--port', '22', 'i-0123456789abcdef0'], 'unknown option --port'],
])('usage errors exit 2 with the reason first: %j', async (argv, reason) => {
  const { code, stdout, stderr } = await proxy(argv);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr.split('\n')[0]).toBe(`ssm-proxy: ${reason}`);
});

test('an instance SSM cannot reach: one line naming it and why, exit 1', async () => {
  const { code, stdout, stderr } = await proxy(['--region', studio.env.AWS_REGION, 'i-0000000000000dead']);
  expect(code).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^ssm-proxy: cannot reach i-0000000000000dead through SSM: .*not connected.*\n$/);
  expect(stderr.split('\n')).toHaveLength(2);
});

test('no region anywhere: says how to give one', async () => {
  const env = { ...studio.env };
  delete (env as Record<string, string | undefined>).AWS_REGION;
  delete (env as Record<string, string | undefined>).AWS_DEFAULT_REGION;
  const { code, stderr } = await proxy(['i-0123456789abcdef0'], env);
  expect(code).toBe(1);
  expect(stderr).toMatch(/^ssm-proxy: no AWS region: pass --region/);
});
