import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAGEMAKER_NAME_PATTERN } from '@studio-teams/schema';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { domainIdFor } from '../src/studio/naming';
import type { EmulatorSnapshot } from '../src/snapshot';
import { demoSeed, FakeClock, tempDir } from './support/harness';

const HOUR = 3600_000;

describe('the demo seed (emulator/seed/demo.json)', () => {
  const sandbox = tempDir();
  const clock = new FakeClock();
  let emulator: RunningEmulator;
  let state: EmulatorSnapshot;
  beforeAll(async () => {
    emulator = await startEmulator({ sandboxDir: sandbox.path, seed: demoSeed(), now: clock.now });
    state = emulator.snapshot();
  });
  afterAll(async () => {
    await emulator.close();
    sandbox.remove();
  });
  const domain = () => state.domains[0]!;
  const ageHours = (createdAt: string) => (clock.t - Date.parse(createdAt)) / HOUR;

  it('is the account, region, caller and bastion the local Studio is built around', () => {
    const seed = demoSeed();
    expect(seed).toMatchObject({
      accountId: '123456789012',
      region: 'us-east-1',
      caller: 'jane.doe',
      bastionInstanceId: 'i-0b4571011ba57e0a1',
    });
    expect(seed.domains[0]?.usageReport?.profiles).toHaveProperty('jane-doe');
    expect(state).toMatchObject({
      accountId: '123456789012',
      region: 'us-east-1',
      bastionInstanceId: 'i-0b4571011ba57e0a1',
    });
  });

  it('gives the domain a deterministic Studio-shaped id', () => {
    expect(domain().id).toMatch(/^d-[a-z0-9]{12}$/);
    expect(domain().id).toBe(domainIdFor('datascience'));
    expect(emulator.domainId('datascience')).toBe(domain().id);
    expect(domainIdFor('other')).not.toBe(domain().id);
    expect(() => emulator.domainId('nope')).toThrow(/no domain named "nope" \(domains: datascience\)/);
  });

  it('names profiles first-last, with EFS uids from 200001 and per-user execution roles', () => {
    expect(domain().userProfiles.map((p) => [p.name, p.uid, p.executionRole])).toEqual(
      ['jane-doe', 'john-smith', 'maria-garcia', 'wei-zhang', 'priya-patel', 'lukas-muller'].map(
        (name, i) => [name, 200001 + i, `arn:aws:iam::123456789012:role/sagemaker/studio-${name}`],
      ),
    );
    expect(domain().spaces.map((s) => [s.name, s.uid, s.owner, s.sharing])).toEqual([
      ['team-forecasting', 200007, 'jane-doe', 'Shared'],
      ['nlp-lab', 200008, 'wei-zhang', 'Shared'],
      ['priya-sandbox', 200009, 'priya-patel', 'Private'],
      ['jane-lab', 200010, 'jane-doe', 'Private'],
    ]);
  });

  it("gives jane-doe a JupyterLab space with remote access on and no app, for sm-ssh's first steps", () => {
    const spaces = domain().spaces;
    expect(spaces.filter((s) => s.remoteAccess).map((s) => [s.name, s.owner, s.appType])).toEqual([
      ['jane-lab', 'jane-doe', 'JupyterLab'],
    ]);
    // No app: the seeded apps and costs stay as they were; `sm-ssh connect jane-lab` starts one.
    expect(domain().apps.filter((a) => a.owner.name === 'jane-lab')).toEqual([]);
  });

  it('refuses a seed space with remote access but no app type, and one whose app type disagrees', () => {
    const withSpace = (space: Record<string, unknown>, apps: unknown[] = []) => {
      const seed = structuredClone(demoSeed());
      seed.domains[0]!.spaces.push(space as never);
      seed.domains[0]!.apps.push(...(apps as never[]));
      return startEmulator({ sandboxDir: sandbox.path, seed, now: clock.now });
    };
    return Promise.all([
      expect(
        withSpace({ name: 'bare', owner: 'jane-doe', sharing: 'Private', remoteAccess: true }),
      ).rejects.toThrow(
        /space "bare" .* has remoteAccess, which needs a JupyterLab or CodeEditor space: add appType/,
      ),
      expect(
        withSpace({ name: 'mixed', owner: 'jane-doe', sharing: 'Private', appType: 'CodeEditor' }, [
          { space: 'mixed', type: 'JupyterLab', instanceType: 'ml.t3.medium', ageHours: 1 },
        ]),
      ).rejects.toThrow(/space "mixed" .* says appType CodeEditor but its app is a JupyterLab/),
    ]);
  });

  it('creates a home folder with a small file for every profile and space', () => {
    const efs = join(sandbox.path, 'mnt', 'efs');
    expect(readdirSync(efs).sort()).toEqual(Array.from({ length: 10 }, (_, i) => String(200001 + i)));
    expect(readFileSync(join(efs, '200001', 'README.md'), 'utf8')).toMatch(/jane\.doe/);
  });

  it('has apps of many types, instance families, ages and states', () => {
    const apps = domain().apps;
    expect(new Set(apps.map((a) => a.appType))).toEqual(
      new Set(['JupyterServer', 'KernelGateway', 'JupyterLab', 'CodeEditor']),
    );
    expect(
      apps
        .filter((a) => a.appType === 'JupyterServer')
        .every((a) => a.appName === 'default' && a.instanceType === 'system'),
    ).toBe(true);
    for (const a of apps.filter((x) => x.appType === 'KernelGateway')) {
      expect(a.appName).toMatch(
        new RegExp(`^datascience-1-0-${a.instanceType?.replace(/\./g, '-')}-[0-9a-f]{8,28}$`),
      );
      expect(a.appName).toMatch(SAGEMAKER_NAME_PATTERN);
      expect(a.appName.length).toBeLessThanOrEqual(63);
    }
    const running = (family: string) =>
      apps.filter((a) => a.status === 'InService' && a.instanceType?.startsWith(`ml.${family}.`));
    const t3 = running('t3').map((a) => ageHours(a.createdAt));
    expect(t3.some((h) => h > 5 * 24)).toBe(true); // over the 5-day t3 limit
    expect(t3.some((h) => h > 4 * 24 && h < 5 * 24)).toBe(true); // near it
    const gpu = [...running('g4dn'), ...running('g5')].map((a) => ageHours(a.createdAt));
    expect(gpu.some((h) => h > 24)).toBe(true); // over the 1-day limit
    expect(gpu.some((h) => h > 18 && h < 24)).toBe(true); // near it
    expect(running('m5').length).toBeGreaterThan(0);
    expect(apps.filter((a) => a.status === 'Pending')).toHaveLength(1);
    expect(apps.filter((a) => a.status === 'Failed')).toHaveLength(1);
    expect(new Set(apps.filter((a) => a.owner.kind === 'space').map((a) => a.owner.name))).toEqual(
      new Set(['team-forecasting', 'nlp-lab', 'priya-sandbox']),
    );
    expect(apps.filter((a) => a.owner.name === 'lukas-muller')).toEqual([]);
  });

  it('makes the same names from the same seed every time', async () => {
    const again = await startEmulator({ sandboxDir: sandbox.path, seed: demoSeed(), now: clock.now });
    try {
      expect(again.snapshot().domains[0]?.apps.map((a) => a.arn)).toEqual(domain().apps.map((a) => a.arn));
    } finally {
      await again.close();
    }
  });
});
