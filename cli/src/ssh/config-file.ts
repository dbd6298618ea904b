import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The file's text, or '' when it does not exist yet. */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Writes through a temp file in the same folder, then renames: a crash or a full disk leaves the old
 * file whole, never half of each. Mode 0600 (ssh refuses a config others can write). A symlinked
 * config (dotfile managers do that) is written where the link points, and stays a link.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = resolveLink(file);
  const dir = path.dirname(target);
  // ~/.ssh is created as ssh-keygen would: only its owner may enter it.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(target)}.sm-ssh-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function resolveLink(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
