import { ListDomainsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import type { EmulatorSnapshot } from '../src/snapshot';
import { clientConfig, smallSeed, tempDir } from './support/harness';

describe('admin endpoints under /_emulator', () => {
  const sandbox = tempDir();
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ sandboxDir: sandbox.path, seed: smallSeed(), strict: true });
  });
  afterAll(async () => {
    await emulator.close();
    sandbox.remove();
  });
  const admin = (path: string, init?: RequestInit) => fetch(`${emulator.url}/_emulator${path}`, init);

  it('reports health: served operations, strictness, upstream and unchecked patterns', async () => {
    const res = await admin('/health');
    expect(res.status).toBe(200);
    const health = (await res.json()) as {
      status: string;
      strict: boolean;
      services: Record<string, string[]>;
      uncheckedPatterns: Record<string, string[]>;
    };
    expect(health).toMatchObject({ status: 'ok', strict: true, upstreamUrl: null });
    expect(health.services['SageMaker']).toContain('ListApps');
    expect(health.services['AmazonSSM']).toEqual(
      expect.arrayContaining([
        'SendCommand',
        'GetCommandInvocation',
        'ListCommandInvocations',
        'ListCommands',
      ]),
    );
    expect(health.services['AmazonSSM']).toContain('StartSession');
    expect(health.uncheckedPatterns['sagemaker']?.length).toBeGreaterThan(0);
  });

  it('returns the state as plain JSON, the same as snapshot()', async () => {
    const state = (await (await admin('/state')).json()) as EmulatorSnapshot;
    expect(state.domains[0]).toMatchObject({ name: 'datascience', id: emulator.domainId('datascience') });
    expect(state.domains[0]?.userProfiles.map((p) => [p.name, p.uid])).toEqual([
      ['ana-lima', 200001],
      ['bo-chen', 200002],
    ]);
    expect(state.domains[0]?.apps.map((a) => a.status)).toEqual(['InService', 'InService', 'InService']);
    expect({ ...state, at: '' }).toEqual({ ...emulator.snapshot(), at: '' });
  });

  it('counts calls per operation, and resets them', async () => {
    const sm = new SageMakerClient(clientConfig(emulator.url));
    try {
      await sm.send(new ListDomainsCommand({}));
      await sm.send(new ListDomainsCommand({}));
    } finally {
      sm.destroy();
    }
    expect(await (await admin('/calls')).json()).toEqual({ 'SageMaker.ListDomains': 2 });
    expect((await admin('/calls', { method: 'DELETE' })).status).toBe(204);
    expect(await (await admin('/calls')).json()).toEqual({});
    expect(emulator.calls()).toEqual({});
  });

  it('changes faults with a validated PUT', async () => {
    const put = (body: string) =>
      admin('/faults', { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    const ok = await put(JSON.stringify({ latencyMs: 10, errorRate: 0.5 }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ latencyMs: 10, throttleRate: 0, errorRate: 0.5 });
    const bad = await put(JSON.stringify({ errorRate: 2, colour: 'red' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([
      'errorRate must be a number between 0 and 1, got 2',
      'unknown fault setting "colour" (known: latencyMs, throttleRate, errorRate, seed)',
    ]);
    expect((await put('not json')).status).toBe(400);
    expect((await put('[]')).status).toBe(400);
    expect(await (await admin('/faults')).json()).toEqual({ latencyMs: 10, throttleRate: 0, errorRate: 0.5 });
    emulator.setFaults({ latencyMs: 0, errorRate: 0 });
  });

  it('lists violations, and answers 404/405 for what it does not have', async () => {
    expect(await (await admin('/violations')).json()).toEqual([]);
    expect((await admin('/nothing')).status).toBe(404);
    const wrong = await admin('/state', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
