import { InterruptedError, UserError } from './errors';

/** Sleeps, or rejects with InterruptedError as soon as `signal` aborts (Ctrl-C). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface PollOptions {
  signal?: AbortSignal | undefined;
  /** Give up after this long; Studio apps take minutes to start or stop, not hours. */
  timeoutMs?: number | undefined;
  /** First delay; it grows by half each time up to `maxPollMs`, so short waits stay short. */
  pollMs?: number | undefined;
  maxPollMs?: number | undefined;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 20 * 60_000;

/**
 * Calls `check` until it returns a value other than undefined, backing off between calls. `what`
 * names the wait in the timeout message ("apps to finish starting").
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  opts: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
  let delay = opts.pollMs ?? 250;
  const maxDelay = opts.maxPollMs ?? 5000;
  for (;;) {
    if (opts.signal?.aborted) throw new InterruptedError();
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() + delay > deadline) {
      throw new UserError(
        `gave up waiting for ${what} after ${Math.round((opts.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS) / 1000)} s`,
      );
    }
    await sleep(delay, opts.signal);
    delay = Math.min(maxDelay, Math.ceil(delay * 1.5));
  }
}
