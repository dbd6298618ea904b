import { SingleFlightCache } from '../src/single-flight-cache';

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('concurrent callers share one load; later callers get the stored value until it expires', async () => {
  let now = 0;
  let loads = 0;
  const cache = new SingleFlightCache(
    async () => ++loads,
    1000,
    () => now,
  );
  expect(await Promise.all(Array.from({ length: 100 }, () => cache.get()))).toEqual(Array(100).fill(1));
  now = 999;
  expect(await cache.get()).toBe(1);
  now = 1000;
  expect(await cache.get()).toBe(2);
  expect(loads).toBe(2);
});

test('a failed load is shared by its callers but not stored', async () => {
  let loads = 0;
  const cache = new SingleFlightCache(async () => {
    loads += 1;
    if (loads === 1) throw new Error('throttled');
    return loads;
  }, 1000);
  const results = await Promise.allSettled([cache.get(), cache.get()]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(await cache.get()).toBe(2);
});

test('invalidate drops the value, and a load begun before it cannot store a stale one', async () => {
  const pending = [deferred<string>(), deferred<string>()];
  let call = 0;
  const cache = new SingleFlightCache(() => pending[call++]!.promise, 60_000);
  const before = cache.get();
  cache.invalidate();
  const after = cache.get();
  pending[1]!.resolve('fresh');
  pending[0]!.resolve('stale');
  expect(await before).toBe('stale');
  expect(await after).toBe('fresh');
  expect(await cache.get()).toBe('fresh');
});
