import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writing a file whole or not at all: the data goes to a temp file in the target's folder (the same
 * filesystem, so the rename is atomic), which is then renamed over the target. A reader, a crash or a
 * full disk sees the old file or the new one, never half of either; a failed write removes its temp
 * file and leaves the old file as it was.
 */

export interface AtomicWriteOptions {
  /**
   * The file's permission bits, exactly (the umask does not narrow them). The temp file is created
   * with them, so a key written 0600 is never readable by others, not even for a moment.
   */
  mode: number;
  /**
   * Missing parent folders are made with this mode (0700 for ~/.ssh). Without it a missing folder
   * is an error: a folder that vanished meanwhile (renamed by another request) is not made again.
   */
  dirMode?: number;
  /**
   * Flush the data to disk before the rename, so a power cut cannot leave an empty file under the
   * target's name. Default true; off for a cache that is only rebuilt when lost.
   */
  fsync?: boolean;
}

/**
 * Where a write lands: a symlinked file (dotfile managers link ~/.ssh/config, ~/.profile) is written
 * where the link points and stays a link; a file that does not exist yet is itself.
 */
function targetOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** A dotted name beside the target, unguessable so a planted file or link cannot be in the way. */
const tempBeside = (target: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

/** Removing the temp file must not hide why the write failed. */
function removeQuietly(temp: string): void {
  try {
    fs.rmSync(temp, { force: true });
  } catch {
    // e.g. ENOTDIR when the "folder" is a file: there is no temp file then either
  }
}

export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): void {
  const target = targetOf(file);
  if (options.dirMode !== undefined) {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: options.dirMode });
  }
  const temp = tempBeside(target);
  try {
    // 'wx': a file already at the temp name (or a link there) is an error, never written through.
    const fd = fs.openSync(temp, 'wx', options.mode);
    try {
      fs.writeFileSync(fd, data);
      fs.fchmodSync(fd, options.mode);
      if (options.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

/** The same as writeFileAtomicSync, without blocking the event loop (the sidecar serves meanwhile). */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<void> {
  const target = targetOf(file);
  if (options.dirMode !== undefined) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: options.dirMode });
  }
  const temp = tempBeside(target);
  try {
    const handle = await fs.promises.open(temp, 'wx', options.mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(options.mode);
      if (options.fsync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, target);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}
