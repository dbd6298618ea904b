import { buildProgram } from './program';
import { debugEnabled } from './utils/debug';
import { handleError } from './utils/handle-error';
import type { CliIo } from './utils/io';
import type { RunState } from './utils/session';

const INTERRUPTED = Symbol('interrupted');

/**
 * Runs `sm-studio` with `argv` (the arguments after the program name) and returns the exit code.
 * Nothing here touches process.*: the bin passes the real streams and env, tests their own.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const state: RunState = { debug: debugEnabled(io.env, argv.includes('--debug')) };
  const program = buildProgram(io, state);
  // Ctrl-C: waits notice the signal themselves, but a call in flight should not hold the user hostage.
  const interrupted = new Promise<typeof INTERRUPTED>((resolve) => {
    if (io.signal?.aborted) resolve(INTERRUPTED);
    io.signal?.addEventListener('abort', () => resolve(INTERRUPTED), { once: true });
  });
  try {
    const outcome = await Promise.race([program.parseAsync(argv, { from: 'user' }), interrupted]);
    if (outcome === INTERRUPTED) {
      io.stderr.write('\ninterrupted; apps already asked to stop keep stopping\n');
      return 130;
    }
    return 0;
  } catch (err) {
    if (io.signal?.aborted) {
      io.stderr.write('\ninterrupted; apps already asked to stop keep stopping\n');
      return 130;
    }
    return handleError(err, io, state);
  }
}
