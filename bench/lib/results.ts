import fs from 'node:fs';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'results');

/** Writes `bench/results/<name>.json` (temp file + rename) and echoes it, so a run leaves its figures. */
export function writeResult(name: string, figures: Record<string, unknown>): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const body = JSON.stringify({ ...figures, measured_at: new Date().toISOString() }, null, 2) + '\n';
  fs.writeFileSync(`${file}.tmp`, body);
  fs.renameSync(`${file}.tmp`, file);
  console.log(`${name}: ${body}`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export const sumCalls = (calls: Record<string, number>): number =>
  Object.values(calls).reduce((a, b) => a + b, 0);
