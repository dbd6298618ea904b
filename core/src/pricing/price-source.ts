import { PRICE_TABLE, type PriceOrigin, type PriceTable } from '@studio-teams/schema';
import { priceFor } from '../cost';
import { readPriceCache, writePriceCache, type CachedRegion } from './price-cache';
import { lookupPrice, type RegionPrices } from './price-list';

export interface PriceQuote {
  /** USD per hour; null when neither source knows the type (never 0 for "unknown"). */
  pricePerHour: number | null;
  /** The Price List API, schema's PRICE_TABLE, or nowhere (no price). */
  source: PriceOrigin;
}

export interface PriceSourceLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface PriceSourceOptions {
  /** One bulk query of a region's Studio prices (GetProducts, every page); tests pass a stub. */
  fetchRegion(region: string, abortSignal: AbortSignal): Promise<RegionPrices>;
  /** Where fetched prices are kept between runs; without it they live in memory only. */
  cacheFile?: string | undefined;
  /** Where fetched prices come from (`aws`, or an endpoint override); a cache of another is ignored. */
  origin?: string;
  /** How old fetched prices may get before a refresh is started. @default 7 days */
  ttlMs?: number;
  /** How long after a failed refresh the next one may start, so a denied role is not asked at every request. @default 10 minutes */
  retryAfterFailureMs?: number;
  /** @default PRICE_TABLE */
  table?: PriceTable;
  /** Epoch milliseconds. @default Date.now */
  now?: () => number;
  log?: PriceSourceLog;
  /** Called once by close(), after refreshes in flight are aborted (to destroy clients). */
  onClose?: () => void;
}

export const DEFAULT_PRICE_TTL_MS = 7 * 24 * 3600_000;
export const DEFAULT_RETRY_AFTER_FAILURE_MS = 10 * 60_000;

export interface RegionPriceStatus {
  /** `api` once a region's prices were fetched (now or, per the cache, earlier). */
  source: 'api' | 'table';
  fetchedAt: string | null;
  refreshing: boolean;
  /** Why the last refresh failed, until one succeeds. */
  lastError: string | null;
}

const silent: PriceSourceLog = { info: () => undefined, warn: () => undefined };

/** Name and message of whatever a refresh threw, for a log line (never sent to a client). */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Hourly prices of Studio apps, answered from memory at once: the Price List API's once a region
 * was fetched (kept on disk, refreshed in the background when older than the TTL, still served
 * while the refresh runs or when it fails), else the table's. Nothing here throws at a caller: a
 * failed refresh is logged and the prices already known stay in use.
 */
export class PriceSource {
  private readonly regions = new Map<string, CachedRegion>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly failures = new Map<string, { at: number; reason: string }>();
  private readonly aborter = new AbortController();
  private readonly table: PriceTable;
  private readonly now: () => number;
  private readonly log: PriceSourceLog;
  private readonly origin: string;
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: PriceSourceOptions) {
    this.table = options.table ?? PRICE_TABLE;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silent;
    this.origin = options.origin ?? 'aws';
    if (options.cacheFile !== undefined) {
      const read = readPriceCache(options.cacheFile, this.origin);
      if (read.ignored !== undefined)
        this.log.warn({ file: options.cacheFile, reason: read.ignored }, 'price cache ignored');
      for (const [region, entry] of Object.entries(read.regions)) this.regions.set(region, entry);
    }
  }

  /** The price of one app, from memory: never waits, never throws. */
  quote(region: string, instanceType: string | null | undefined, appType?: string | null): PriceQuote {
    const fromApi = lookupPrice(this.regions.get(region)?.prices, instanceType, appType);
    if (fromApi !== undefined) return { pricePerHour: fromApi, source: 'api' };
    const fromTable = priceFor(instanceType, region, this.table);
    return fromTable === null
      ? { pricePerHour: null, source: 'unknown' }
      : { pricePerHour: fromTable, source: 'table' };
  }

  /** Missing or older than the TTL, and neither in flight nor recently failed. */
  needsRefresh(region: string): boolean {
    if (this.closed || this.inFlight.has(region)) return false;
    const failure = this.failures.get(region);
    const retryAfter = this.options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
    if (failure && this.now() - failure.at < retryAfter) return false;
    const known = this.regions.get(region);
    if (!known) return true;
    return this.now() - Date.parse(known.fetchedAt) >= (this.options.ttlMs ?? DEFAULT_PRICE_TTL_MS);
  }

  /** Starts a refresh when one is due and returns at once; the request that calls it does not wait. */
  refreshInBackground(region: string): void {
    if (this.needsRefresh(region)) void this.refresh(region);
  }

  /**
   * Fetches the region now (joining a refresh in flight) and resolves to whether API prices came in;
   * never rejects. For warm-up and tests; requests use refreshInBackground.
   */
  refresh(region: string): Promise<boolean> {
    const running = this.inFlight.get(region);
    if (running) return running;
    if (this.closed) return Promise.resolve(false);
    const run = this.fetchAndStore(region).finally(() => this.inFlight.delete(region));
    this.inFlight.set(region, run);
    return run;
  }

  status(region: string): RegionPriceStatus {
    const known = this.regions.get(region);
    return {
      source: known ? 'api' : 'table',
      fetchedAt: known?.fetchedAt ?? null,
      refreshing: this.inFlight.has(region),
      lastError: this.failures.get(region)?.reason ?? null,
    };
  }

  /** Aborts refreshes in flight; quotes keep working from what is known. Waits for a cache write under way. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.aborter.abort();
    this.options.onClose?.();
    await this.writes;
  }

  private async fetchAndStore(region: string): Promise<boolean> {
    // Yield first, so the run is registered as in flight even if fetchRegion throws at once.
    await Promise.resolve();
    let prices: RegionPrices;
    try {
      prices = await this.options.fetchRegion(region, this.aborter.signal);
    } catch (error) {
      if (this.closed) return false;
      const reason = describe(error);
      this.failures.set(region, { at: this.now(), reason });
      this.log.warn(
        { region, reason, prices: this.regions.has(region) ? 'last fetched' : 'table' },
        'the AWS Price List API could not be read; prices stay as they were',
      );
      return false;
    }
    if (this.closed) return false;
    const entry: CachedRegion = { fetchedAt: new Date(this.now()).toISOString(), prices };
    this.regions.set(region, entry);
    this.failures.delete(region);
    this.log.info(
      { region, instanceTypes: Object.keys(prices).length },
      'prices fetched from the AWS Price List API',
    );
    await this.persist();
    return true;
  }

  /** Writes one after another, each with every region known at its turn. Failure is logged only. */
  private persist(): Promise<void> {
    const file = this.options.cacheFile;
    if (file === undefined) return Promise.resolve();
    this.writes = this.writes.then(async () => {
      try {
        await writePriceCache(file, this.origin, Object.fromEntries(this.regions));
      } catch (error) {
        this.log.warn(
          { file, reason: describe(error) },
          'price cache not written; the prices are kept in memory',
        );
      }
    });
    return this.writes;
  }
}
