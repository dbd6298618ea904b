import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerEnv, failureHint, findDockerClient, runDocker, runFailure } from '../../src/docker';

/** The docker client as a program: found on PATH, stopped at its timeout, its failure in its words. */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeDocker(name: string, script: string): string {
  const bin = path.join(dir, name);
  fs.mkdirSync(bin, { recursive: true });
  const file = path.join(bin, 'docker');
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return file;
}

test('found on the PATH given, executable files only', () => {
  const docker = fakeDocker('found', 'exit 0');
  fs.mkdirSync(path.join(dir, 'not-exec'));
  fs.writeFileSync(path.join(dir, 'not-exec', 'docker'), '', { mode: 0o644 });
  expect(findDockerClient({ PATH: `${path.join(dir, 'not-exec')}:${path.dirname(docker)}` })).toBe(docker);
  expect(findDockerClient({ PATH: path.join(dir, 'not-exec') })).toBeNull();
  expect(findDockerClient({})).toBeNull();
});

test('DOCKER_HOST and DOCKER_CONTEXT are not passed on: they would override the context asked for', async () => {
  const docker = fakeDocker(
    'env',
    'echo "host=${DOCKER_HOST-unset} context=${DOCKER_CONTEXT-unset} config=$DOCKER_CONFIG"',
  );
  const env = {
    PATH: '/usr/bin:/bin',
    DOCKER_HOST: 'ssh://x@y',
    DOCKER_CONTEXT: 'other',
    DOCKER_CONFIG: '/cfg',
  };
  expect(dockerEnv(env)).toEqual({ PATH: '/usr/bin:/bin', DOCKER_CONFIG: '/cfg' });
  const run = await runDocker(docker, [], env, 5000);
  expect(run.stdout).toBe('host=unset context=unset config=/cfg\n');
});

test("a failure is docker's stderr, its last lines, trimmed", async () => {
  const docker = fakeDocker(
    'fails',
    'echo "{\\"Client\\":{}}"; echo "line one" >&2; echo "error during connect: nope" >&2; exit 1',
  );
  const run = await runDocker(docker, ['version'], { PATH: '/usr/bin:/bin' }, 5000);
  expect(run.exitCode).toBe(1);
  expect(runFailure(run)).toBe('line one\nerror during connect: nope');
});

test('a docker that hangs is stopped at the timeout, and says so', async () => {
  const docker = fakeDocker('hangs', 'exec sleep 30');
  const started = Date.now();
  const run = await runDocker(docker, ['version'], { PATH: '/usr/bin:/bin' }, 500);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(run.timedOut).toBe(true);
  expect(run.exitCode).toBeNull();
  expect(runFailure(run)).toMatch(/^no answer within \d+ s \(stopped\)$/);
});

test('a client that cannot start is named as such', async () => {
  const run = await runDocker(path.join(dir, 'missing', 'docker'), ['version'], {}, 5000);
  expect(run.spawnError).toBe('ENOENT');
  expect(runFailure(run)).toBe('the docker client could not be started (ENOENT)');
});

test.each([
  [
    'Cannot connect to the Docker daemon at http://docker.example.com. Is the docker daemon running?',
    /^ssh reached the bastion/,
  ],
  [
    '… stderr=ssh: Could not resolve hostname sm-bastion: Name or service not known',
    /block in ~\/.ssh\/config is missing/,
  ],
  ['… stderr=root@sm-bastion: Permission denied (publickey).', /refused the key/],
  [
    '… stderr=ssm-proxy: cannot reach i-0b45 through SSM: TargetNotConnected',
    /SSM session to the bastion could not be opened/,
  ],
  [
    'Cannot connect to the Docker daemon at unix:///docker/proxy.sock. Is the docker daemon running?',
    /Studio's Docker socket/,
  ],
])("a known failure gets a hint beside docker's words: %s", (error, hint) => {
  expect(failureHint(error, false)).toMatch(hint);
});

test('an unknown failure gets no hint; a timeout always does', () => {
  expect(failureHint('something else entirely', false)).toBeNull();
  expect(failureHint('no answer within 45 s (stopped)', true)).toMatch(/no answer in time/);
});
