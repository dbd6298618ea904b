import type { Readable, Writable } from 'node:stream';
import type { CliIo } from '../utils/io';

/**
 * What sm-ssh needs beyond sm-studio's streams: the raw byte streams `proxy` bridges (ssh's pipes),
 * and where this bin lives, for the ProxyCommand `init` writes.
 */
export interface SshCliIo extends CliIo {
  /** ssh writes the connection here (our stdin). */
  stdinStream?: Readable;
  /** ssh reads the connection from here (our stdout): nothing else may ever be written to it. */
  stdoutStream?: Writable;
  /** The node binary and the bin script that run `sm-ssh` (process.execPath and the bin's path). */
  self?: { node: string; script: string };
}
