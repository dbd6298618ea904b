/**
 * One value, loaded at most once per `ttlMs`, however many callers ask at once: concurrent callers
 * share the load in flight, later callers get the stored value until it expires. A failed load is
 * not stored, so the next caller tries again (every caller of that failed load sees its error).
 */
export class SingleFlightCache<T> {
  private value: { readonly data: T; readonly loadedAt: number } | undefined;
  private inFlight: Promise<T> | undefined;
  /** Bumped by invalidate(), so a load that started before it cannot store a stale value. */
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.value && this.clock() - this.value.loadedAt < this.ttlMs)
      return Promise.resolve(this.value.data);
    return this.inFlight ?? this.startLoad();
  }

  /** Drops the stored value; the next get() loads, even if a load is in flight now. */
  invalidate(): void {
    this.value = undefined;
    this.inFlight = undefined;
    this.generation += 1;
  }

  private startLoad(): Promise<T> {
    const generation = this.generation;
    const loading = this.load().then(
      (data) => {
        if (generation === this.generation) {
          this.value = { data, loadedAt: this.clock() };
          this.inFlight = undefined;
        }
        return data;
      },
      (error: unknown) => {
        if (generation === this.generation) this.inFlight = undefined;
        throw error;
      },
    );
    this.inFlight = loading;
    return loading;
  }
}
