import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../files';
import { STUDIO_APP_KINDS, type RegionPrices } from './price-list';

/**
 * The prices fetched from the Price List API, on disk so a restarted sidecar has them at once:
 *
 *   { "version": 1, "endpoint": "aws", "regions": { "us-east-1": { "fetchedAt": "…", "prices": {…} } } }
 *
 * `endpoint` is where the prices came from (`aws`, or an override such as the local emulator): prices
 * from another endpoint are not these, so such a file counts as empty. A file that cannot be read or
 * is not of this shape counts as empty too: a cache is never a reason to fail.
 */

export const CACHE_VERSION = 1;

export interface CachedRegion {
  /** ISO time of the GetProducts query. */
  fetchedAt: string;
  prices: RegionPrices;
}

export interface PriceCacheContents {
  version: typeof CACHE_VERSION;
  endpoint: string;
  regions: Record<string, CachedRegion>;
}

export interface CacheRead {
  regions: Record<string, CachedRegion>;
  /** Why the file was ignored, when it existed but could not be used. */
  ignored?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validRegion(value: unknown): value is CachedRegion {
  if (!isObject(value) || typeof value['fetchedAt'] !== 'string') return false;
  if (Number.isNaN(Date.parse(value['fetchedAt'])) || !isObject(value['prices'])) return false;
  return Object.values(value['prices']).every(
    (byKind) =>
      isObject(byKind) &&
      Object.entries(byKind).every(
        ([kind, usd]) =>
          (STUDIO_APP_KINDS as readonly string[]).includes(kind) &&
          typeof usd === 'number' &&
          Number.isFinite(usd) &&
          usd > 0,
      ),
  );
}

/** Synchronous: read once when the price source is made, before any request is served. */
export function readPriceCache(file: string, endpoint: string): CacheRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { regions: {} } : { regions: {}, ignored: `unreadable (${code ?? 'error'})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { regions: {}, ignored: 'not JSON' };
  }
  if (!isObject(parsed) || parsed['version'] !== CACHE_VERSION || !isObject(parsed['regions']))
    return { regions: {}, ignored: `not a version ${CACHE_VERSION} price cache` };
  if (parsed['endpoint'] !== endpoint)
    return { regions: {}, ignored: `written for another endpoint (${String(parsed['endpoint'])})` };
  const regions: Record<string, CachedRegion> = {};
  const bad: string[] = [];
  for (const [region, value] of Object.entries(parsed['regions'])) {
    if (validRegion(value)) regions[region] = value;
    else bad.push(region);
  }
  return bad.length > 0 ? { regions, ignored: `malformed entries for ${bad.join(', ')}` } : { regions };
}

/** Whole or not at all (see core/src/files), so a reader never sees half a file; the folder is made when missing. */
export async function writePriceCache(
  file: string,
  endpoint: string,
  regions: Record<string, CachedRegion>,
): Promise<void> {
  const contents: PriceCacheContents = { version: CACHE_VERSION, endpoint, regions };
  await writeFileAtomic(file, `${JSON.stringify(contents, null, 1)}\n`, { mode: 0o644, dirMode: 0o755 });
}
