export { run } from './run';
export { buildProgram } from './program';
export type { CliIo, OutputStream } from './utils/io';
