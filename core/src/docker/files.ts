import { readTextIfExistsSync, writeFileAtomicSync } from '../files';

/** The file's text, or '' when it does not exist yet. */
export const readText = (file: string): string => readTextIfExistsSync(file) ?? '';

/**
 * Writes whole or not at all (temp file, then rename; see core/src/files), with `mode` from the
 * start (0600 for a key), making a missing folder private (0700, as ~/.ssh). A symlinked file
 * (dotfile managers) is written where it points.
 */
export function writeAtomic(file: string, text: string, mode: number): void {
  writeFileAtomicSync(file, text, { mode, dirMode: 0o700 });
}
