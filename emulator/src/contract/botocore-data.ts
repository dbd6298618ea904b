import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds `<repo>/.venv/lib/python3*\/site-packages/botocore/data`: the pinned botocore the contract is
 * read from. Walks up from this file, so it works from the sources (ts-jest) and from dist alike.
 */
export function findBotocoreDataDir(from: string = __dirname): string {
  const fromEnv = process.env['BOTOCORE_DATA_DIR'];
  if (fromEnv) return fromEnv;
  for (let dir = from; ; dir = dirname(dir)) {
    const lib = join(dir, '.venv', 'lib');
    if (existsSync(lib)) {
      for (const python of readdirSync(lib)
        .filter((d) => d.startsWith('python3'))
        .sort()
        .reverse()) {
        const data = join(lib, python, 'site-packages', 'botocore', 'data');
        if (existsSync(data)) return data;
      }
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `botocore's service models were not found above ${from} (.venv/lib/python3*/site-packages/botocore/data); ` +
      'run `npm run setup` or pass botocoreDataDir',
  );
}
