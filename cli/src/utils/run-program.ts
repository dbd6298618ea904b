import type { Command } from 'commander';
import { debugEnabled } from './debug';
import { handleError } from './handle-error';
import type { CliIo } from './io';
import type { RunState } from './session';

const INTERRUPTED = Symbol('interrupted');

export interface ProgramSpec<Io extends CliIo> {
  /** The name in `DEBUG=<bin>`. */
  bin: string;
  build(io: Io, state: RunState): Command;
  /** The line printed on Ctrl-C: what keeps happening on AWS's side. */
  interruptedMessage: string;
}

/**
 * Runs one of our bins with `argv` (the arguments after the program name) and returns the exit code.
 * Nothing here touches process.*: the bin passes the real streams and env, tests their own.
 */
export async function runProgram<Io extends CliIo>(
  spec: ProgramSpec<Io>,
  argv: string[],
  io: Io,
): Promise<number> {
  const state: RunState = { debug: debugEnabled(io.env, argv.includes('--debug'), spec.bin) };
  const program = spec.build(io, state);
  const interruptedLine = () => io.stderr.write(`\n${spec.interruptedMessage}\n`);
  // Ctrl-C: waits notice the signal themselves, but a call in flight should not hold the user hostage.
  // A command that hands the terminal to a child (ssh) or ends a session itself says so in the state.
  const interrupted = new Promise<typeof INTERRUPTED>((resolve) => {
    const onAbort = () => {
      if (!state.handlesInterrupt) resolve(INTERRUPTED);
    };
    if (io.signal?.aborted) onAbort();
    io.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([program.parseAsync(argv, { from: 'user' }), interrupted]);
    if (outcome === INTERRUPTED) {
      interruptedLine();
      return 130;
    }
    return state.exitCode ?? 0;
  } catch (err) {
    if (io.signal?.aborted && !state.handlesInterrupt) {
      interruptedLine();
      return 130;
    }
    return handleError(err, io, state);
  }
}
