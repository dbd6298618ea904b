import { runProgram } from '../utils/run-program';
import type { SshCliIo } from './io';
import { buildSshProgram } from './program';

/** Runs `sm-ssh` with `argv` (the arguments after the program name) and returns the exit code. */
export function runSsh(argv: string[], io: SshCliIo): Promise<number> {
  return runProgram(
    {
      bin: 'sm-ssh',
      build: buildSshProgram,
      interruptedMessage: 'interrupted; an app already asked to start keeps starting',
    },
    argv,
    io,
  );
}
