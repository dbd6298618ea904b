import { createHash } from 'node:crypto';
import { invalid, type AwsError } from './http/aws-error';

export type SortKey = (string | number)[];

export interface PageRequest {
  MaxResults?: unknown;
  NextToken?: unknown;
  /** AWS's default page size for this operation. */
  defaultMax: number;
  /** The other request members: a token only continues the query it came from. */
  query: Record<string, unknown>;
  descending: boolean;
  invalidToken?: (message: string) => AwsError;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Sorts by `keyOf` and returns one page. The opaque NextToken carries the sort key of the last item
 * returned (a cursor, not an offset), so resources created or deleted between pages neither repeat
 * nor vanish; it also carries a fingerprint of the query, so it cannot be replayed on another one.
 */
export function paginate<T>(items: T[], keyOf: (item: T) => SortKey, request: PageRequest): Page<T> {
  const direction = request.descending ? -1 : 1;
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) * direction);
  const fingerprint = fingerprintOf(request.query);
  let start = 0;
  if (request.NextToken !== undefined && request.NextToken !== null) {
    const cursor = decodeToken(request.NextToken, fingerprint, request.invalidToken ?? invalid);
    start = keyed.findIndex((k) => compareKeys(k.key, cursor) * direction > 0);
    if (start === -1) start = keyed.length;
  }
  const max = typeof request.MaxResults === 'number' ? request.MaxResults : request.defaultMax;
  const page = keyed.slice(start, start + max);
  const last = page.at(-1);
  const more = start + max < keyed.length;
  return {
    items: page.map((k) => k.item),
    ...(more && last ? { nextToken: encodeToken(last.key, fingerprint) } : {}),
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function fingerprintOf(query: Record<string, unknown>): string {
  const stable = Object.keys(query)
    .sort()
    .filter((k) => query[k] !== undefined && query[k] !== null)
    .map((k) => [k, query[k]]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 12);
}

function encodeToken(key: SortKey, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ k: key, f: fingerprint })).toString('base64url');
}

function decodeToken(token: unknown, fingerprint: string, invalidToken: (m: string) => AwsError): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
  } catch {
    throw invalidToken('The NextToken is not valid');
  }
  const { k, f } = (parsed ?? {}) as { k?: unknown; f?: unknown };
  if (!Array.isArray(k) || !k.every((x) => typeof x === 'string' || typeof x === 'number'))
    throw invalidToken('The NextToken is not valid');
  if (f !== fingerprint) throw invalidToken('The NextToken was issued for a different request');
  return k as SortKey;
}
