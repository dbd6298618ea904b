import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeDomainCommand, UpdateDomainCommand } from '@aws-sdk/client-sagemaker';
import {
  fakeDockerEngine as fakeEngine,
  loadSeed,
  startTestStudio,
  type TestStudio,
} from '@studio-teams/emulator';
import { createClients, type StudioAws } from '../../src/aws/clients';
import {
  DEFAULT_DOCKER_SOCKET,
  type DockerContext,
  dockerSocketPath,
  dockerStatus,
  pingDockerSocket,
  setupBastion,
  testDocker,
} from '../../src/docker';

/**
 * Studio's own Docker: the domain setting over HTTP from the emulator (seeded, then changed with
 * UpdateDomain) and an engine on a unix socket (a fake one answering `/_ping` and `/version` as
 * dockerd does), checked with the real docker client.
 */
jest.setTimeout(60_000);

let studio: TestStudio;
let aws: StudioAws;
let dir: string;
let ctx: DockerContext;
let domainId: string;
let socket: string;

beforeAll(async () => {
  const demo = loadSeed();
  const [first, ...rest] = demo.domains;
  studio = await startTestStudio({
    seed: { ...demo, domains: [{ ...first!, dockerAccess: true }, ...rest] },
  });
  // Short: a unix socket path may hold about 100 bytes.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-'));
  socket = path.join(dir, 'docker.sock');
  aws = createClients({ env: studio.env });
  domainId = studio.emulator.domainId('datascience');
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  ctx = {
    clients: aws.clients,
    domainId,
    region: aws.settings.region,
    home,
    env: { ...studio.env, HOME: home, DOCKER_CONFIG: path.join(home, '.docker') },
    proxy: { node: process.execPath, script: path.join(dir, 'ssm-proxy.js') },
    socketPath: socket,
  };
});

afterAll(async () => {
  for (const client of Object.values(aws?.clients ?? {})) client.destroy();
  await studio?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const setDomain = (value: 'ENABLED' | 'DISABLED') =>
  aws.clients.sagemaker.send(
    new UpdateDomainCommand({
      DomainId: domainId,
      DomainSettingsForUpdate: { DockerSettings: { EnableDockerAccess: value } },
    }),
  );

test("the socket: the one given, else a unix DOCKER_HOST, else Studio's /docker/proxy.sock, else /var/run/docker.sock", () => {
  expect(dockerSocketPath({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, '/x.sock')).toBe('/x.sock');
  expect(dockerSocketPath({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toBe(
    '/run/user/1000/docker.sock',
  );
  const none = () => false;
  expect(dockerSocketPath({ DOCKER_HOST: 'ssh://ubuntu@sm-bastion' }, undefined, none)).toBe(
    DEFAULT_DOCKER_SOCKET,
  );
  expect(dockerSocketPath({}, undefined, none)).toBe('/var/run/docker.sock');
  // Studio's own socket, when it is there and DOCKER_HOST did not reach this process.
  expect(dockerSocketPath({}, undefined, (f) => f === '/docker/proxy.sock')).toBe('/docker/proxy.sock');
});

test('ping: an engine answers OK; a missing socket, a dead one and a socket that is no engine each say so', async () => {
  expect(await pingDockerSocket(socket)).toBe(`there is no Docker socket at ${socket}`);
  const notEngine = await fakeEngine(socket, { ping: false });
  expect(await pingDockerSocket(socket)).toBe(
    `${socket} answered HTTP 404 to /_ping, not a Docker engine's OK`,
  );
  await notEngine.close();
  fs.writeFileSync(socket, '');
  expect(await pingDockerSocket(socket)).toMatch(/nothing listens|cannot talk/);
  const engine = await fakeEngine(socket);
  expect(await pingDockerSocket(socket)).toBeNull();
  await engine.close();
});

test("domain ENABLED (seeded) and an engine on the socket: Studio's own Docker, no bastion offered, Test shows the engine", async () => {
  const described = await aws.clients.sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }));
  expect(described.DomainSettings?.DockerSettings?.EnableDockerAccess).toBe('ENABLED');
  const engine = await fakeEngine(socket);
  try {
    const status = await dockerStatus(ctx);
    expect(status).toMatchObject({
      mode: 'studio',
      actions: ['test'],
      studio: { domainSetting: 'ENABLED', socketPath: socket, socketReachable: true, available: true },
    });
    expect(status.message).toBe(`Studio's own Docker is available: docker talks to the engine at ${socket}.`);
    const result = await testDocker(ctx);
    expect(result).toMatchObject({
      ok: true,
      command: ['docker', '--host', `unix://${socket}`, 'version', '--format', '{{json .}}'],
      engine: { version: '27.5.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' },
      error: null,
      hint: null,
      exitCode: 0,
    });
    await expect(setupBastion(ctx)).rejects.toThrow(`Studio's own Docker answers at ${socket} already`);
  } finally {
    await engine.close();
  }
});

test('domain ENABLED but no engine: not available, the message says why, the bastion is offered', async () => {
  fs.rmSync(socket, { force: true });
  const status = await dockerStatus(ctx);
  expect(status.mode).toBe('none');
  expect(status.studio).toMatchObject({ domainSetting: 'ENABLED', socketReachable: false, available: false });
  expect(status.message).toContain(
    `The domain allows Docker, but there is no Docker socket at ${socket}. Set up the team bastion`,
  );
  expect(status.actions).toEqual(['setup-bastion']);
});

test("UpdateDomain DISABLED: an engine on the socket is not Studio's", async () => {
  await setDomain('DISABLED');
  const engine = await fakeEngine(socket);
  try {
    const status = await dockerStatus(ctx);
    expect(status.studio).toMatchObject({
      domainSetting: 'DISABLED',
      socketReachable: true,
      available: false,
    });
    expect(status.mode).not.toBe('studio');
    // Not Studio's, so the bastion is what is offered.
    expect(status.actions).toEqual(['setup-bastion']);
  } finally {
    await engine.close();
    await setDomain('ENABLED');
  }
});

test('UpdateDomain refuses settings the local Studio does not keep, by name', async () => {
  await expect(
    aws.clients.sagemaker.send(
      new UpdateDomainCommand({ DomainId: domainId, AppNetworkAccessType: 'VpcOnly' }),
    ),
  ).rejects.toThrow(
    'the local Studio only updates DomainSettingsForUpdate.DockerSettings; not AppNetworkAccessType',
  );
});

test('no docker client: no action, and the hint says how to install it', async () => {
  const status = await dockerStatus({ ...ctx, env: { ...ctx.env, PATH: dir } });
  expect(status.dockerClient).toBeNull();
  expect(status.actions).toEqual([]);
  expect(status.dockerClientHint).toMatch(/apt-get install -y docker.io/);
  expect(status.message).toMatch(/docker client is not installed/);
});
