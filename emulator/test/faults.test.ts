import { ListAppsCommand, ListDomainsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { FaultInjector, faultsFromEnv } from '../src/faults';
import { clientConfig, failure, smallSeed, tempDir } from './support/harness';

describe('fault injection', () => {
  const sandbox = tempDir();
  let emulator: RunningEmulator;
  let sm: SageMakerClient;
  beforeAll(async () => {
    emulator = await startEmulator({ sandboxDir: sandbox.path, seed: smallSeed(), strict: true });
    sm = new SageMakerClient(clientConfig(emulator.url, { maxAttempts: 1 }));
  });
  afterAll(async () => {
    sm.destroy();
    await emulator.close();
    sandbox.remove();
  });
  afterEach(() => emulator.setFaults({ latencyMs: 0, throttleRate: 0, errorRate: 0 }));

  async function outcomes(n: number): Promise<Record<string, number>> {
    const tally: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      let name = 'ok';
      try {
        await sm.send(new ListDomainsCommand({}));
      } catch (err) {
        name = (err as Error).name;
      }
      tally[name] = (tally[name] ?? 0) + 1;
    }
    return tally;
  }

  it('throttles about the configured share of requests with ThrottlingException "Rate exceeded"', async () => {
    emulator.setFaults({ throttleRate: 0.3, seed: 42 });
    const tally = await outcomes(400);
    expect((tally['ThrottlingException'] ?? 0) / 400).toBeGreaterThan(0.22);
    expect((tally['ThrottlingException'] ?? 0) / 400).toBeLessThan(0.38);
    expect(tally['ok']).toBe(400 - (tally['ThrottlingException'] ?? 0));
    const err = await (async () => {
      emulator.setFaults({ throttleRate: 1 });
      return failure(() => sm.send(new ListDomainsCommand({})));
    })();
    expect(err.message).toBe('Rate exceeded');
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it('fails about the configured share with 500 InternalFailure or 503 ServiceUnavailable', async () => {
    emulator.setFaults({ errorRate: 0.2, seed: 3 });
    const tally = await outcomes(400);
    const failed = (tally['InternalFailure'] ?? 0) + (tally['ServiceUnavailable'] ?? 0);
    expect(failed / 400).toBeGreaterThan(0.13);
    expect(failed / 400).toBeLessThan(0.27);
    expect(tally['InternalFailure']).toBeGreaterThan(0);
    expect(tally['ServiceUnavailable']).toBeGreaterThan(0);
  });

  it('is repeatable with a seed: the same requests fail', async () => {
    emulator.setFaults({ throttleRate: 0.25, errorRate: 0.25, seed: 99 });
    const first = await sequence(30);
    emulator.setFaults({ seed: 99 });
    expect(await sequence(30)).toEqual(first);

    async function sequence(n: number): Promise<string[]> {
      const names: string[] = [];
      for (let i = 0; i < n; i++)
        names.push(
          await sm.send(new ListDomainsCommand({})).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      return names;
    }
  });

  it('lets the SDK retry through throttling and 5xx to success', async () => {
    emulator.setFaults({ throttleRate: 0.3, errorRate: 0.2, seed: 5 });
    emulator.resetCalls();
    const retrying = new SageMakerClient(clientConfig(emulator.url, { maxAttempts: 10 }));
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () => retrying.send(new ListAppsCommand({ MaxResults: 5 }))),
      );
      expect(results.every((r) => r.Apps?.length === 3)).toBe(true);
      const attempts = results.reduce((sum, r) => sum + (r.$metadata.attempts ?? 1), 0);
      expect(attempts).toBeGreaterThan(12);
      expect(emulator.calls()['SageMaker.ListApps']).toBe(attempts);
    } finally {
      retrying.destroy();
    }
  }, 60_000);

  it('adds latency before answering', async () => {
    emulator.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await sm.send(new ListDomainsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('never faults nor counts the admin endpoints', async () => {
    emulator.setFaults({ throttleRate: 1, latencyMs: 300 });
    emulator.resetCalls();
    const started = performance.now();
    const res = await fetch(`${emulator.url}/_emulator/health`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    expect(emulator.calls()).toEqual({});
  });
});

describe('fault settings', () => {
  it('reads the environment, with options taking precedence', async () => {
    expect(
      faultsFromEnv({
        EMULATOR_LATENCY_MS: '20',
        EMULATOR_THROTTLE_RATE: '0.1',
        EMULATOR_ERROR_RATE: '',
        EMULATOR_FAULT_SEED: '4',
      }),
    ).toEqual({
      latencyMs: 20,
      throttleRate: 0.1,
      seed: 4,
    });
    expect(() => faultsFromEnv({ EMULATOR_THROTTLE_RATE: '1.5' })).toThrow(
      /EMULATOR_THROTTLE_RATE=1.5 is invalid: throttleRate must be a number between 0 and 1/,
    );
    expect(() => faultsFromEnv({ EMULATOR_LATENCY_MS: 'slow' })).toThrow(
      /EMULATOR_LATENCY_MS=slow is invalid/,
    );

    const sandbox = tempDir();
    process.env['EMULATOR_THROTTLE_RATE'] = '1';
    process.env['EMULATOR_LATENCY_MS'] = '5';
    try {
      const fromEnv = await startEmulator({ sandboxDir: sandbox.path });
      const overridden = await startEmulator({ sandboxDir: sandbox.path, faults: { throttleRate: 0 } });
      const faults = async (e: RunningEmulator) => (await fetch(`${e.url}/_emulator/faults`)).json();
      expect(await faults(fromEnv)).toEqual({ latencyMs: 5, throttleRate: 1, errorRate: 0 });
      expect(await faults(overridden)).toEqual({ latencyMs: 5, throttleRate: 0, errorRate: 0 });
      await fromEnv.close();
      await overridden.close();
    } finally {
      delete process.env['EMULATOR_THROTTLE_RATE'];
      delete process.env['EMULATOR_LATENCY_MS'];
      sandbox.remove();
    }
  });

  it('refuses invalid settings', () => {
    const injector = new FaultInjector({});
    expect(() => injector.set({ errorRate: -0.1 })).toThrow(/errorRate must be a number between 0 and 1/);
    expect(() => injector.set({ seed: 1.5 })).toThrow(/seed must be a non-negative integer/);
  });
});
