export { buildApp } from './app';
export {
  resolveOptions,
  DEFAULT_PORT,
  defaultTokenFile,
  STUDIO_METADATA_FILE,
  type SidecarOptions,
} from './options';
export { ensureTokenFile } from './token-file';
export { closeOnSignals, type ShutdownOptions } from './shutdown';
