import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { DescribeSessionsCommand } from '@aws-sdk/client-ssm';
import { BASTION_CONNECTION_SECRET, type Seed } from '@studio-teams/schema';
import {
  bundleSsmProxy,
  loadSeed,
  loginUser,
  sshWithConfig,
  startTestStudio,
  type TestStudio,
} from '@studio-teams/emulator';
import { createClients, type StudioAws } from '../../src/aws/clients';
import {
  BastionSecretError,
  type DockerContext,
  dockerStatus,
  readBastionConnection,
  setupBastion,
  testDocker,
} from '../../src/docker';

/**
 * Docker through the team bastion in front of the local Studio: the bastion is the emulator's sandbox
 * sshd behind SSM StartSession to the seed's bastion id, its key in moto's Secrets Manager. Real
 * OpenSSH and the real docker client; a home and DOCKER_CONFIG of the test's own, so the machine's
 * ~/.ssh and ~/.docker are never touched. No Docker engine runs here: the Test button's failure is
 * docker's own message from the far end.
 */
jest.setTimeout(90_000);

const run = promisify(execFile);
let studio: TestStudio;
let aws: StudioAws;
let dir: string;
let home: string;
let ctx: DockerContext;
let env: NodeJS.ProcessEnv;
let secretText: string;
const user = loginUser();

// A region of its own: the bastion secret in the run's shared moto is then this file's alone.
function seed(): Seed {
  const demo = loadSeed();
  return { ...demo, region: 'eu-west-3' };
}

beforeAll(async () => {
  studio = await startTestStudio({ seed: seed() });
  dir = fs.mkdtempSync(path.join(studio.sandboxDir, 'docker-'));
  home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const script = await bundleSsmProxy(dir);
  env = {
    ...studio.env,
    HOME: home,
    DOCKER_CONFIG: path.join(home, '.docker'),
  };
  aws = createClients({ env: studio.env });
  ctx = {
    clients: aws.clients,
    domainId: studio.emulator.domainId('datascience'),
    region: aws.settings.region,
    home,
    env,
    proxy: { node: process.execPath, script },
    socketPath: path.join(dir, 'no-docker.sock'),
    testTimeoutMs: 60_000,
  };
  const out = await aws.clients.secretsManager.send(
    new GetSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET }),
  );
  secretText = out.SecretString ?? '';
});

afterAll(async () => {
  for (const client of Object.values(aws?.clients ?? {})) client.destroy();
  await studio?.close();
});

async function bastionSessions(): Promise<number> {
  const filters = [{ key: 'Target' as const, value: studio.seed.bastionInstanceId }];
  const [active, history] = await Promise.all(
    (['Active', 'History'] as const).map((State) =>
      aws.clients.ssm.send(new DescribeSessionsCommand({ State, Filters: filters })),
    ),
  );
  return (active?.Sessions?.length ?? 0) + (history?.Sessions?.length ?? 0);
}

const privateKeyOf = (text: string): string =>
  Buffer.from((JSON.parse(text) as { private_key: string }).private_key, 'base64').toString('utf8');

test('before setup: the seeded secret names the bastion, setup is offered, nothing is configured', async () => {
  const status = await dockerStatus(ctx);
  expect(status).toMatchObject({
    mode: 'none',
    actions: ['setup-bastion'],
    studio: { available: false, socketReachable: false },
    bastion: {
      secret: 'ok',
      instanceId: studio.seed.bastionInstanceId,
      dockerHost: `ssh://${user}@sm-bastion`,
      sshConfigured: false,
      contextExists: false,
      configured: false,
    },
  });
  expect(status.message).toContain(studio.seed.bastionInstanceId);
  expect(JSON.stringify(status)).not.toContain('PRIVATE KEY');
});

test('setup: key 0600, the block spliced into ~/.ssh/config, context sm-bastion current, DOCKER_HOST; ssh runs a command on the bastion through SSM', async () => {
  const sshDir = path.join(home, '.ssh');
  fs.mkdirSync(sshDir, { mode: 0o700 });
  const mine = 'Include ~/.ssh/extra\n\n# my hosts\nHost build\n  HostName build.example.com\n  User me\n';
  fs.writeFileSync(path.join(sshDir, 'config'), mine, { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.profile'), 'export EDITOR=vim\n');

  const result = await setupBastion(ctx);
  expect(result.written).toEqual([
    path.join(sshDir, 'sm-bastion.pem'),
    path.join(sshDir, 'config'),
    path.join(home, '.profile'),
  ]);
  expect(result.message).toContain(studio.seed.bastionInstanceId);

  const key = path.join(sshDir, 'sm-bastion.pem');
  expect(fs.statSync(key).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(key, 'utf8')).toBe(privateKeyOf(secretText));
  expect(fs.readdirSync(sshDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  const config = fs.readFileSync(path.join(sshDir, 'config'), 'utf8');
  // The user's lines are all still there, byte for byte, with ours before their first Host section.
  expect(config.startsWith('Include ~/.ssh/extra\n\n# my hosts\n# >>> studio-teams docker >>>')).toBe(true);
  expect(
    config.endsWith('# <<< studio-teams docker <<<\n\nHost build\n  HostName build.example.com\n  User me\n'),
  ).toBe(true);
  expect(config).toContain(
    `\nHost sm-bastion\n  HostName ${studio.seed.bastionInstanceId}\n  User ${user}\n`,
  );
  expect(config).toContain(
    `  ProxyCommand ${process.execPath} ${ctx.proxy!.script} --region eu-west-3 ${studio.seed.bastionInstanceId}\n`,
  );
  expect(fs.statSync(path.join(sshDir, 'config')).mode & 0o777).toBe(0o600);

  const profile = fs.readFileSync(path.join(home, '.profile'), 'utf8');
  expect(profile).toMatch(/^export EDITOR=vim\n\n# >>> studio-teams docker >>>/);
  expect(profile).toContain(`\nexport DOCKER_HOST=ssh://${user}@sm-bastion\n`);

  const inspect = await run('docker', ['context', 'inspect', 'sm-bastion'], { env });
  const [context] = JSON.parse(inspect.stdout) as { Name: string; Endpoints: { docker: { Host: string } } }[];
  expect(context?.Endpoints.docker.Host).toBe(`ssh://${user}@sm-bastion`);
  expect((await run('docker', ['context', 'show'], { env })).stdout.trim()).toBe('sm-bastion');
  expect(fs.existsSync(path.join(home, '.docker', 'config.json'))).toBe(true);

  // What docker does with ssh://…@sm-bastion: ssh with the generated block, through our data channel.
  const ssh = await run(
    'ssh',
    ['-F', path.join(sshDir, 'config'), '-o', 'BatchMode=yes', 'sm-bastion', 'echo bastion says $((6*7))'],
    { env, timeout: 60_000 },
  );
  expect(ssh.stdout).toBe('bastion says 42\n');

  const status = await dockerStatus(ctx);
  expect(status).toMatchObject({
    mode: 'bastion',
    actions: ['setup-bastion', 'test'],
    bastion: {
      sshConfigured: true,
      contextExists: true,
      contextCurrent: true,
      profileConfigured: true,
      configured: true,
    },
  });
});

test('setup again changes nothing: same block, same files, one context', async () => {
  const before = ['config', 'sm-bastion.pem'].map((f) => fs.readFileSync(path.join(home, '.ssh', f), 'utf8'));
  const profile = fs.readFileSync(path.join(home, '.profile'), 'utf8');
  await setupBastion(ctx);
  const after = ['config', 'sm-bastion.pem'].map((f) => fs.readFileSync(path.join(home, '.ssh', f), 'utf8'));
  expect(after).toEqual(before);
  expect(fs.readFileSync(path.join(home, '.profile'), 'utf8')).toBe(profile);
  const list = await run('docker', ['context', 'ls', '--format', '{{.Name}}'], { env });
  expect(list.stdout.split('\n').filter((n) => n === 'sm-bastion')).toHaveLength(1);
});

test("a moved ssm-proxy (a reinstalled wheel) or a key that is not the secret's: not set up, setup offered again", async () => {
  const moved = await dockerStatus({
    ...ctx,
    proxy: { node: process.execPath, script: '/elsewhere/ssm-proxy.js' },
  });
  expect(moved.bastion).toMatchObject({ sshConfigured: false, contextCurrent: true, configured: false });
  expect(moved.mode).toBe('none');
  expect(moved.actions).toEqual(['setup-bastion', 'test']);

  const key = path.join(home, '.ssh', 'sm-bastion.pem');
  const original = fs.readFileSync(key, 'utf8');
  fs.writeFileSync(key, original.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA'));
  expect((await dockerStatus(ctx)).bastion.sshConfigured).toBe(false);
  await setupBastion(ctx);
  expect(fs.readFileSync(key, 'utf8')).toBe(original);
  expect((await dockerStatus(ctx)).bastion.configured).toBe(true);
});

test("Test runs `docker --context sm-bastion version` over ssh and shows the far end's own error: no engine runs there", async () => {
  // docker starts plain `ssh`; this one reads the generated config, as ~/.ssh/config is read in Studio.
  const bin = sshWithConfig(dir, path.join(home, '.ssh', 'config'));
  const sessionsBefore = await bastionSessions();
  const result = await testDocker({ ...ctx, env: { ...env, PATH: `${bin}:${env.PATH ?? ''}` } });
  expect(result.command).toEqual(['docker', '--context', 'sm-bastion', 'version', '--format', '{{json .}}']);
  expect(result.ok).toBe(false);
  expect(result.engine).toBeNull();
  expect(result.exitCode).toBe(1);
  // The remote `docker system dial-stdio` reached the bastion and found no daemon there.
  expect(result.error).toMatch(/Cannot connect to the Docker daemon|docker daemon/i);
  expect(result.hint).toMatch(/^ssh reached the bastion, but its Docker engine did not answer/);
  expect(result.error).not.toMatch(/\n\s+at /);
  // …and it did get there: SSM sessions to the bastion, opened by the ProxyCommand (docker dials more than once).
  expect(await bastionSessions()).toBeGreaterThan(sessionsBefore);
});

describe('the secret', () => {
  const put = (text: string) =>
    aws.clients.secretsManager.send(
      new PutSecretValueCommand({ SecretId: BASTION_CONNECTION_SECRET, SecretString: text }),
    );
  afterEach(async () => {
    await put(secretText).catch(async () =>
      aws.clients.secretsManager.send(
        new CreateSecretCommand({ Name: BASTION_CONNECTION_SECRET, SecretString: secretText }),
      ),
    );
  });

  test('bad JSON: a clear message that quotes nothing of it, and no setup offered', async () => {
    const broken = secretText.slice(0, -20);
    await put(broken);
    const err = await readBastionConnection(aws.clients.secretsManager, BASTION_CONNECTION_SECRET).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BastionSecretError);
    expect((err as BastionSecretError).problem).toBe('invalid');
    expect((err as Error).message).toBe(
      `the secret ${BASTION_CONNECTION_SECRET} is not JSON (expected {"instance_id": …, "private_key": …}); ask your Studio admin to fix it`,
    );
    const status = await dockerStatus(ctx);
    expect(status.bastion.secret).toBe('invalid');
    expect(status.actions).not.toContain('setup-bastion');
    // What was set up before keeps working; the secret's problem is said beside it.
    expect(status.mode).toBe('bastion');
    expect(status.bastion.secretMessage).toContain('is not JSON');
    await expect(setupBastion(ctx)).rejects.toThrow(/is not JSON/);
  });

  test('a key that is not a key, a missing instance id: each named', async () => {
    const value = JSON.parse(secretText) as Record<string, string>;
    await put(JSON.stringify({ ...value, private_key: 'bm90IGEga2V5' }));
    await expect(
      readBastionConnection(aws.clients.secretsManager, BASTION_CONNECTION_SECRET),
    ).rejects.toThrow(/"private_key" that is neither a PEM private key nor the base64 of one/);
    await put(JSON.stringify({ private_key: value['private_key'] }));
    await expect(
      readBastionConnection(aws.clients.secretsManager, BASTION_CONNECTION_SECRET),
    ).rejects.toThrow(/has no "instance_id"/);
  });

  test('missing: the team has no bastion yet, and setup is not offered', async () => {
    await aws.clients.secretsManager.send(
      new DeleteSecretCommand({ SecretId: BASTION_CONNECTION_SECRET, ForceDeleteWithoutRecovery: true }),
    );
    const status = await dockerStatus(ctx);
    expect(status.bastion.secret).toBe('missing');
    expect(status.bastion.secretMessage).toMatch(/does not exist: the team has no bastion yet/);
    expect(status.actions).not.toContain('setup-bastion');
    await expect(setupBastion(ctx)).rejects.toThrow(/does not exist/);
  });
});
