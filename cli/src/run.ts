import { buildProgram } from './program';
import type { CliIo } from './utils/io';
import { runProgram } from './utils/run-program';

/**
 * Runs `sm-studio` with `argv` (the arguments after the program name) and returns the exit code.
 * Nothing here touches process.*: the bin passes the real streams and env, tests their own.
 */
export function run(argv: string[], io: CliIo): Promise<number> {
  return runProgram(
    {
      bin: 'sm-studio',
      build: buildProgram,
      interruptedMessage: 'interrupted; apps already asked to stop keep stopping',
    },
    argv,
    io,
  );
}
