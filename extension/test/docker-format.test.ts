import type { DockerStatus, DockerTestResult } from '@studio-teams/schema';
import { commandLine, engineLine, headline, setupLabel } from '../src/docker/format';

const bastion: DockerStatus['bastion'] = {
  secretName: 'sagemaker-bastion-connection',
  secret: 'ok',
  secretMessage: 'the secret names the bastion i-0b4571011ba57e0a1',
  instanceId: 'i-0b4571011ba57e0a1',
  dockerHost: 'ssh://ubuntu@sm-bastion',
  sshConfigured: false,
  contextExists: false,
  contextCurrent: false,
  profileConfigured: false,
  configured: false,
};

const status = (over: Partial<DockerStatus> = {}): DockerStatus => ({
  mode: 'none',
  message: 'Set up the team bastion.',
  dockerClient: '/usr/bin/docker',
  dockerClientHint: null,
  studio: {
    domainSetting: 'DISABLED',
    domainProblem: null,
    socketPath: '/var/run/docker.sock',
    socketReachable: false,
    socketProblem: 'there is no Docker socket at /var/run/docker.sock',
    available: false,
  },
  bastion,
  actions: ['setup-bastion'],
  ...over,
});

test('the headline names what docker talks to', () => {
  expect(headline(status({ mode: 'studio' }))).toBe('Studio Docker available');
  expect(headline(status({ mode: 'bastion' }))).toBe('Bastion configured (context sm-bastion)');
  expect(headline(status())).toBe('Docker not set up');
});

test('setup is offered again, by another name, once configured', () => {
  expect(setupLabel(status())).toBe('Set up bastion');
  expect(setupLabel(status({ bastion: { ...bastion, configured: true } }))).toBe('Set up bastion again');
});

test('the test: the line to try in a terminal, and the engine in one line', () => {
  const result: DockerTestResult = {
    ok: true,
    command: ['docker', '--context', 'sm-bastion', 'version', '--format', '{{json .}}'],
    engine: { version: '27.5.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' },
    error: null,
    hint: null,
    exitCode: 0,
    durationMs: 1234,
  };
  expect(commandLine(result)).toBe('docker --context sm-bastion version');
  expect(engineLine(result)).toBe('Docker Engine 27.5.1 (API 1.47, linux/amd64) answered in 1.2 s');
  expect(engineLine({ ...result, ok: false, engine: null, error: 'Cannot connect' })).toBeNull();
});
