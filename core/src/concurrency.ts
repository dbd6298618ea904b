/**
 * Runs `fn` over `items` with at most `limit` calls in flight. `down-all` on a domain with a
 * thousand apps must not fire a thousand DeleteApps at once: AWS would throttle most of them.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
