import { readTextIfExistsSync, writeFileAtomicSync } from '@studio-teams/core/files';

/** The file's text, or '' when it does not exist yet. */
export const readTextFile = (file: string): string => readTextIfExistsSync(file) ?? '';

/**
 * Writes whole or not at all (temp file, then rename; see core/src/files). Mode 0600 (ssh refuses a
 * config others can write). A symlinked config (dotfile managers do that) is written where the link
 * points, and stays a link. ~/.ssh is created as ssh-keygen would: only its owner may enter it.
 */
export function writeFileAtomic(file: string, text: string): void {
  writeFileAtomicSync(file, text, { mode: 0o600, dirMode: 0o700 });
}
