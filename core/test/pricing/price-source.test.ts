import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePriceCache } from '../../src/pricing/price-cache';
import type { RegionPrices } from '../../src/pricing/price-list';
import { DEFAULT_PRICE_TTL_MS, PriceSource, type PriceSourceOptions } from '../../src/pricing/price-source';

const T0 = Date.parse('2026-11-29T12:00:00Z');
const DAY = 24 * 3600_000;

/** The API's answer for us-east-1: g5.xlarge differs from the table (1.408), g6.xlarge is not in it. */
const API: RegionPrices = {
  'ml.t3.medium': { JupyterLab: 0.05, CodeEditor: 0.05, KernelGateway: 0.05 },
  'ml.g5.xlarge': { JupyterLab: 1.41, CodeEditor: 1.41, KernelGateway: 1.41 },
  'ml.g6.xlarge': { JupyterLab: 0.8048 },
};

interface Harness {
  source: PriceSource;
  fetches: string[];
  signals: AbortSignal[];
  logs: { level: string; details: Record<string, unknown>; message: string }[];
  clock: { t: number };
  /** The next fetch answers with this, or fails with it when an Error. */
  answer: { next: RegionPrices | Error | Promise<RegionPrices> };
}

let dir: string;
const made: PriceSource[] = [];
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-source-'))));
afterEach(async () => {
  await Promise.all(made.splice(0).map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function harness(options: Partial<PriceSourceOptions> = {}): Harness {
  const h = {
    fetches: [] as string[],
    signals: [] as AbortSignal[],
    logs: [] as Harness['logs'],
    clock: { t: T0 },
    answer: { next: API as RegionPrices | Error | Promise<RegionPrices> },
  };
  const source = new PriceSource({
    fetchRegion: async (region, signal) => {
      h.fetches.push(region);
      h.signals.push(signal);
      const next = h.answer.next;
      if (next instanceof Error) throw next;
      return next;
    },
    now: () => h.clock.t,
    log: {
      info: (details, message) => void h.logs.push({ level: 'info', details, message }),
      warn: (details, message) => void h.logs.push({ level: 'warn', details, message }),
    },
    ...options,
  });
  made.push(source);
  return { ...h, source };
}

const cacheFile = () => path.join(dir, 'cache', 'prices.json');

describe('before anything is fetched', () => {
  it('answers from the table at once, says so, and knows an unknown type is unknown, not free', () => {
    const { source, fetches } = harness();
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.408,
      source: 'table',
    });
    expect(source.quote('us-east-1', 'system', 'JupyterServer')).toEqual({
      pricePerHour: 0,
      source: 'table',
    });
    expect(source.quote('us-east-1', 'ml.g6.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: null,
      source: 'unknown',
    });
    expect(source.quote('eu-west-1', 'ml.t3.medium', 'JupyterLab')).toEqual({
      pricePerHour: null,
      source: 'unknown',
    });
    expect(source.quote('us-east-1', null, 'KernelGateway')).toEqual({
      pricePerHour: null,
      source: 'unknown',
    });
    expect(fetches).toEqual([]);
  });
});

describe('a refresh', () => {
  it("makes the API's figures the answer, for types the table has and hasn't", async () => {
    const { source } = harness();
    expect(await source.refresh('us-east-1')).toBe(true);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.41,
      source: 'api',
    });
    expect(source.quote('us-east-1', 'ml.g6.xlarge', 'CodeEditor')).toEqual({
      pricePerHour: 0.8048,
      source: 'api',
    });
    // Neither the API nor the table: still unknown. The free system instance: the table's 0.
    expect(source.quote('us-east-1', 'ml.p5.48xlarge', 'JupyterLab').source).toBe('unknown');
    expect(source.quote('us-east-1', 'system', 'JupyterServer')).toEqual({
      pricePerHour: 0,
      source: 'table',
    });
    expect(source.status('us-east-1')).toMatchObject({
      source: 'api',
      fetchedAt: new Date(T0).toISOString(),
    });
  });

  it('is one bulk query per region, however many apps and requests ask at once', async () => {
    let release!: (p: RegionPrices) => void;
    const { source, fetches, answer } = harness();
    answer.next = new Promise<RegionPrices>((resolve) => (release = resolve));
    for (let i = 0; i < 50; i++) {
      source.refreshInBackground('us-east-1');
      source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab');
    }
    source.refreshInBackground('ap-south-1');
    expect(fetches).toEqual([]); // started on the next tick: the caller never waits
    await Promise.resolve();
    expect(fetches.sort()).toEqual(['ap-south-1', 'us-east-1']);
    expect(source.status('us-east-1').refreshing).toBe(true);
    release(API);
    await source.refresh('us-east-1');
    for (let i = 0; i < 50; i++) source.refreshInBackground('us-east-1');
    expect(fetches.filter((r) => r === 'us-east-1')).toHaveLength(1);
  });

  it('is due again once the prices are older than the TTL, and they are served meanwhile', async () => {
    const { source, fetches, clock, answer } = harness();
    await source.refresh('us-east-1');
    clock.t += DEFAULT_PRICE_TTL_MS - 1;
    expect(source.needsRefresh('us-east-1')).toBe(false);
    clock.t += 1;
    expect(source.needsRefresh('us-east-1')).toBe(true);
    answer.next = { ...API, 'ml.g5.xlarge': { JupyterLab: 1.5 } };
    const running = source.refresh('us-east-1');
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.41,
      source: 'api',
    });
    await running;
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.5,
      source: 'api',
    });
    expect(fetches).toHaveLength(2);
  });
});

describe('when the API fails', () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  it('falls back to the table, logs why, and waits before asking again', async () => {
    const { source, fetches, logs, clock, answer } = harness({ retryAfterFailureMs: 60_000 });
    answer.next = throttled;
    expect(await source.refresh('us-east-1')).toBe(false);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.408,
      source: 'table',
    });
    expect(source.status('us-east-1').lastError).toBe('ThrottlingException: Rate exceeded');
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', details: expect.objectContaining({ prices: 'table' }) }),
    );
    source.refreshInBackground('us-east-1');
    clock.t += 59_999;
    source.refreshInBackground('us-east-1');
    await Promise.resolve();
    expect(fetches).toHaveLength(1);

    clock.t += 1;
    answer.next = API;
    source.refreshInBackground('us-east-1');
    await source.refresh('us-east-1');
    expect(fetches).toHaveLength(2);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').source).toBe('api');
    expect(source.status('us-east-1').lastError).toBeNull();
  });

  it('keeps the prices it already had rather than going back to the table', async () => {
    const { source, clock, answer } = harness();
    await source.refresh('us-east-1');
    clock.t += 8 * DAY;
    answer.next = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    expect(await source.refresh('us-east-1')).toBe(false);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.41,
      source: 'api',
    });
  });

  it('survives a fetch that throws before it even starts', async () => {
    const source = new PriceSource({
      fetchRegion: () => {
        throw new Error('no region');
      },
    });
    made.push(source);
    expect(await source.refresh('us-east-1')).toBe(false);
    expect(source.status('us-east-1')).toMatchObject({ refreshing: false, lastError: 'Error: no region' });
  });
});

describe('the disk cache', () => {
  it('is written after a refresh and read by the next price source: no fetch while it is fresh', async () => {
    const first = harness({ cacheFile: cacheFile() });
    await first.source.refresh('us-east-1');
    await first.source.close();
    const onDisk = JSON.parse(fs.readFileSync(cacheFile(), 'utf8'));
    expect(onDisk).toMatchObject({
      version: 1,
      endpoint: 'aws',
      regions: { 'us-east-1': { fetchedAt: new Date(T0).toISOString(), prices: API } },
    });

    const second = harness({ cacheFile: cacheFile() });
    second.clock.t = T0 + 6 * DAY;
    expect(second.source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.41,
      source: 'api',
    });
    second.source.refreshInBackground('us-east-1');
    await Promise.resolve();
    expect(second.fetches).toEqual([]);
  });

  it('when stale, is still served while the background refresh replaces it', async () => {
    await writePriceCache(cacheFile(), 'aws', {
      'us-east-1': {
        fetchedAt: new Date(T0 - 8 * DAY).toISOString(),
        prices: { 'ml.g5.xlarge': { JupyterLab: 1.39 } },
      },
    });
    const { source, fetches } = harness({ cacheFile: cacheFile() });
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.39,
      source: 'api',
    });
    source.refreshInBackground('us-east-1');
    await source.refresh('us-east-1');
    expect(fetches).toEqual(['us-east-1']);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').pricePerHour).toBe(1.41);
    await source.close();
    expect(JSON.parse(fs.readFileSync(cacheFile(), 'utf8')).regions['us-east-1'].fetchedAt).toBe(
      new Date(T0).toISOString(),
    );
  });

  it('keeps regions it did not refresh when it writes', async () => {
    const other = {
      fetchedAt: new Date(T0).toISOString(),
      prices: { 'ml.t3.medium': { JupyterLab: 0.0584 } },
    };
    await writePriceCache(cacheFile(), 'aws', { 'ap-south-1': other });
    const { source } = harness({ cacheFile: cacheFile() });
    await source.refresh('us-east-1');
    await source.close();
    const regions = JSON.parse(fs.readFileSync(cacheFile(), 'utf8')).regions;
    expect(Object.keys(regions).sort()).toEqual(['ap-south-1', 'us-east-1']);
    expect(regions['ap-south-1']).toEqual(other);
  });

  it('when corrupt, is ignored with a warning (table meanwhile), then rewritten', async () => {
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    fs.writeFileSync(cacheFile(), '{"version":1,"endpoint":"aws","regions":{"us-east-1":');
    const { source, logs } = harness({ cacheFile: cacheFile() });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'price cache ignored',
        details: expect.objectContaining({ reason: 'not JSON' }),
      }),
    );
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').source).toBe('table');
    expect(source.needsRefresh('us-east-1')).toBe(true);
    await source.refresh('us-east-1');
    await source.close();
    expect(JSON.parse(fs.readFileSync(cacheFile(), 'utf8')).regions['us-east-1'].prices).toEqual(API);
  });

  it('written by the emulator-backed sidecar, is not read by one talking to AWS', async () => {
    const local = harness({ cacheFile: cacheFile(), origin: 'http://127.0.0.1:4566' });
    await local.source.refresh('us-east-1');
    await local.source.close();
    const real = harness({ cacheFile: cacheFile() });
    expect(real.source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').source).toBe('table');
    expect(real.logs[0]?.details['reason']).toMatch(/another endpoint/);
  });

  it('when its folder cannot be written, costs nothing but a warning: prices stay in memory', async () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const { source, logs } = harness({ cacheFile: path.join(blocker, 'prices.json') });
    expect(await source.refresh('us-east-1')).toBe(true);
    await source.close();
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
      pricePerHour: 1.41,
      source: 'api',
    });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'price cache not written; the prices are kept in memory',
      }),
    );
  });
});

describe('close', () => {
  it('aborts a refresh in flight, keeps what it had, and starts no more', async () => {
    let release!: (p: RegionPrices) => void;
    let closed = false;
    const { source, signals, answer, fetches } = harness({
      cacheFile: cacheFile(),
      onClose: () => (closed = true),
    });
    answer.next = new Promise<RegionPrices>((resolve) => (release = resolve));
    const running = source.refresh('us-east-1');
    await Promise.resolve();
    await Promise.resolve();
    await source.close();
    expect(closed).toBe(true);
    expect(signals[0]?.aborted).toBe(true);
    release(API);
    expect(await running).toBe(false);
    expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').source).toBe('table');
    expect(fs.existsSync(cacheFile())).toBe(false);
    source.refreshInBackground('us-east-1');
    expect(await source.refresh('ap-south-1')).toBe(false);
    expect(fetches).toEqual(['us-east-1']);
  });
});
