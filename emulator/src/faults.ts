import { AwsError } from './http/aws-error';

/** Misbehaviour injected per request, for fault tests and benchmarks. Rates are shares in [0, 1]. */
export interface Faults {
  latencyMs: number;
  throttleRate: number;
  errorRate: number;
  /** Makes the draws repeatable: the same seed, the same sequence of faulted requests. */
  seed?: number;
}

export const NO_FAULTS: Faults = { latencyMs: 0, throttleRate: 0, errorRate: 0 };

/** Returns a message for each field that is not a valid fault setting (unknown keys included). */
export function checkFaults(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['faults must be a JSON object'];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'latencyMs' || key === 'seed') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (key === 'seed' && !Number.isInteger(v)))
        problems.push(
          `${key} must be a non-negative ${key === 'seed' ? 'integer' : 'number'}, got ${JSON.stringify(v)}`,
        );
    } else if (key === 'throttleRate' || key === 'errorRate') {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1))
        problems.push(`${key} must be a number between 0 and 1, got ${JSON.stringify(v)}`);
    } else {
      problems.push(`unknown fault setting "${key}" (known: latencyMs, throttleRate, errorRate, seed)`);
    }
  }
  return problems;
}

/** Reads EMULATOR_LATENCY_MS, EMULATOR_THROTTLE_RATE, EMULATOR_ERROR_RATE, EMULATOR_FAULT_SEED. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Faults> {
  const names = {
    latencyMs: 'EMULATOR_LATENCY_MS',
    throttleRate: 'EMULATOR_THROTTLE_RATE',
    errorRate: 'EMULATOR_ERROR_RATE',
    seed: 'EMULATOR_FAULT_SEED',
  } as const;
  const faults: Partial<Faults> = {};
  for (const [key, name] of Object.entries(names) as [keyof Faults, string][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    const problems = checkFaults({ [key]: value });
    if (Number.isNaN(value) || problems.length > 0)
      throw new Error(`${name}=${raw} is invalid: ${problems[0] ?? 'not a number'}`);
    faults[key] = value;
  }
  return faults;
}

/** mulberry32: tiny, fast and good enough to spread faults evenly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private current: Faults = { ...NO_FAULTS };
  private random: () => number = Math.random;

  constructor(initial: Partial<Faults>) {
    this.set(initial);
  }

  get faults(): Faults {
    return { ...this.current };
  }

  set(update: Partial<Faults>): void {
    const problems = checkFaults(update);
    if (problems.length > 0) throw new Error(`invalid faults: ${problems.join('; ')}`);
    this.current = { ...this.current, ...update };
    if (update.seed !== undefined) this.random = seededRandom(update.seed);
  }

  /**
   * One draw per request: a throttle with probability throttleRate, else a 5xx with probability
   * errorRate (half 500 InternalFailure, half 503 ServiceUnavailable), else nothing.
   */
  draw(): AwsError | undefined {
    const { throttleRate, errorRate } = this.current;
    if (throttleRate === 0 && errorRate === 0) return undefined;
    const r = this.random();
    if (r < throttleRate) return new AwsError('ThrottlingException', 'Rate exceeded', 400);
    if (r < throttleRate + errorRate) {
      return (r - throttleRate) / errorRate < 0.5
        ? new AwsError('InternalFailure', 'We encountered an internal error. Please try again.', 500)
        : new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503);
    }
    return undefined;
  }
}
