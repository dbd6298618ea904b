import readline from 'node:readline';
import { loadCore } from './core';
import type { CliIo } from './io';

/**
 * Destructive commands ask y/n. Without a terminal there is nobody to ask, so they refuse (before
 * any AWS call) rather than guess: scripts pass --yes.
 */
export function ensureCanAsk(io: CliIo, what: string): void {
  if (io.isTTY) return;
  const { UserError, EXIT } = loadCore();
  throw new UserError(
    `refusing to ${what} without a terminal to ask for confirmation; pass --yes`,
    EXIT.usage,
  );
}

/** Asks on stderr, reads one line from stdin; anything but y/yes is no. */
export async function confirm(io: CliIo, question: string, what: string): Promise<boolean> {
  ensureCanAsk(io, what);
  io.stderr.write(`${question} [y/N] `);
  const rl = readline.createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
