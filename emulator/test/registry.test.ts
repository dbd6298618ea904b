import WebSocket from 'ws';
import { findBotocoreDataDir } from '../src/contract/botocore-data';
import { startEmulator } from '../src/emulator';
import { ServiceRegistry } from '../src/services/registry';
import type { ServiceDefinition } from '../src/services/service';
import { tempDir } from './support/harness';

const dataDir = findBotocoreDataDir();
const ok = () => ({});

describe('service registry', () => {
  it('routes served operations, forwards the others of the model, and knows unknown ones', () => {
    const registry = new ServiceRegistry(dataDir);
    expect(registry.route('SageMaker', 'ListApps').kind).toBe('serve');
    expect(registry.route('SageMaker', 'ListNotebookInstances').kind).toBe('forward');
    expect(registry.route('SageMaker', 'LaunchRocket').kind).toBe('unknown-operation');
    expect(registry.route('AmazonSSM', 'PutParameter').kind).toBe('forward');
    expect(registry.route('secretsmanager', 'GetSecretValue').kind).toBe('forward');
    expect(registry.route(undefined, undefined).kind).toBe('forward');
  });

  it('lets a new file add operations to an existing prefix', () => {
    const sessions: ServiceDefinition = {
      targetPrefix: 'AmazonSSM',
      botocoreName: 'ssm',
      operations: { StartSession: ok },
    };
    const commands: ServiceDefinition = {
      targetPrefix: 'AmazonSSM',
      botocoreName: 'ssm',
      operations: { SendCommand: ok },
    };
    const registry = new ServiceRegistry(dataDir, [commands, sessions]);
    expect(registry.route('AmazonSSM', 'StartSession').kind).toBe('serve');
    expect(registry.route('AmazonSSM', 'SendCommand').kind).toBe('serve');
    expect(() => new ServiceRegistry(dataDir, [commands, commands])).toThrow(/served twice: SendCommand/);
  });

  it('refuses to serve an operation botocore does not know', () => {
    const bad: ServiceDefinition = {
      targetPrefix: 'SageMaker',
      botocoreName: 'sagemaker',
      operations: { LaunchRocket: ok },
    };
    expect(() => new ServiceRegistry(dataDir, [bad])).toThrow(
      /SageMaker\.LaunchRocket is served but botocore's model has no such operation/,
    );
  });

  it('answers 404 to an upgrade on the API port: data channels have an endpoint of their own', async () => {
    const sandbox = tempDir();
    const emulator = await startEmulator({ sandboxDir: sandbox.path });
    try {
      const error = await new Promise<Error>((resolve) => {
        const socket = new WebSocket(`${emulator.url.replace('http', 'ws')}/v1/data-channel/nothing`);
        socket.on('error', resolve);
      });
      expect(error.message).toMatch(/404/);
    } finally {
      await emulator.close();
      sandbox.remove();
    }
  });
});
