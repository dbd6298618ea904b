import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Target {
  url: string;
  headers: Record<string, string>;
  /** The server's process, whose CPU time each round adds up. */
  pid: number;
}

/** Every 200's response time (ms) and the seconds spent, over one or more rounds. */
export interface Samples {
  times: number[];
  seconds: number;
  /** Bytes of the answers, headers included. */
  bytes: number;
  /** The server's CPU time, or null where /proc cannot tell. */
  cpuMs: number | null;
}

export interface LoadFigures {
  p50_ms: number;
  p99_ms: number;
  rps: number;
  requests: number;
  /** Mean size of an answer on the wire, headers included. */
  bytes_per_response: number;
  /**
   * The server's CPU time per answer: unlike requests/s, barely moved by what else the machine
   * runs, so it tells a slower server from a busier machine.
   */
  cpu_us_per_request: number | null;
}

/** User plus system CPU time of a process, from /proc (Linux; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * One round of `connections` keep-alive connections for `durationS` seconds, adding to `into`.
 * autocannon keeps latencies at whole milliseconds, too coarse for answers well under one, so each
 * response time it reports is kept to the microsecond. Anything but a 200 makes the figures
 * meaningless: it fails the run.
 */
export async function round(
  target: Target,
  connections: number,
  durationS: number,
  into: Samples,
): Promise<void> {
  const times: number[] = [];
  let bytes = 0;
  const cpuBefore = cpuMsOf(target.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, headers: target.headers, connections, duration: durationS, pipelining: 1 },
      (error: unknown, done: autocannon.Result) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      if (statusCode !== 200) return;
      times.push(responseTime);
      bytes += resBytes;
    });
  });
  if (result.non2xx > 0 || result.errors > 0 || times.length === 0) {
    throw new Error(
      `${target.url}: ${result.non2xx} answers other than 2xx (${result['4xx']} 4xx, ` +
        `${result['5xx']} 5xx), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  for (const t of times) into.times.push(t);
  into.seconds += result.duration || durationS;
  into.bytes += bytes;
  const cpuAfter = cpuMsOf(target.pid);
  into.cpuMs =
    into.cpuMs === null || cpuBefore === null || cpuAfter === null ? null : into.cpuMs + cpuAfter - cpuBefore;
}

export function figures(samples: Samples): LoadFigures {
  const sorted = Float64Array.from(samples.times).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const ms = (v: number): number => Number(v.toFixed(3));
  return {
    p50_ms: ms(at(0.5)),
    p99_ms: ms(at(0.99)),
    rps: Math.round(sorted.length / samples.seconds),
    requests: sorted.length,
    bytes_per_response: Math.round(samples.bytes / sorted.length),
    cpu_us_per_request:
      samples.cpuMs === null ? null : Number(((samples.cpuMs * 1000) / sorted.length).toFixed(1)),
  };
}
