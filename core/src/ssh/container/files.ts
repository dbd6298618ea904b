import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors';

/** Writes whole or not at all: a temp file beside the target, then a rename over it. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, text, { mode });
    await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const BEGIN = '# >>> studio-teams ssh >>>';
const END = '# <<< studio-teams ssh <<<';

/**
 * `text` with our marked block replaced by `body` (appended if absent; removed when body is undefined).
 * A begin marker without its end marker is refused rather than guessed at: replacing "to the end"
 * would drop every line the user wrote after it.
 */
export function withMarkedBlock(text: string, body: string | undefined, file = 'the file'): string {
  const lines = text.split('\n');
  const start = lines.indexOf(BEGIN);
  const end = start === -1 ? -1 : lines.indexOf(END, start);
  if (start !== -1 && end === -1) {
    throw new UserError(
      `${file} has the line "${BEGIN}" but not its end "${END}": restore the end line (or delete ` +
        `the block), then try again; nothing was changed`,
    );
  }
  const before = start === -1 ? lines : lines.slice(0, start);
  const after = start === -1 || end === -1 ? [] : lines.slice(end + 1);
  const block = body === undefined ? [] : [BEGIN, ...body.split('\n'), END];
  let head = before.join('\n');
  if (block.length > 0 && head !== '' && !head.endsWith('\n')) head += '\n';
  return (
    head + block.join('\n') + (after.length > 0 ? '\n' + after.join('\n') : block.length > 0 ? '\n' : '')
  );
}
