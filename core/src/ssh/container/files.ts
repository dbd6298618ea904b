import {
  type BlockMarkers,
  MarkedBlockError,
  readTextIfExists,
  removeMarkedBlock,
  upsertMarkedBlock,
  writeFileAtomic as writeWhole,
} from '../../files';
import { UserError } from '../../errors';

/** Writes whole or not at all (see core/src/files); 0600 unless said, a missing folder made 0700. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  await writeWhole(file, text, { mode, dirMode: 0o700 });
}

export const readIfExists = readTextIfExists;

const MARKERS: BlockMarkers = {
  start: '# >>> studio-teams ssh >>>',
  end: '# <<< studio-teams ssh <<<',
  owner: 'try',
};

/**
 * `text` with our marked block replaced by `body` (appended if absent, right after the last line;
 * removed when body is undefined). A damaged block, such as a begin marker without its end, is
 * refused rather than guessed at: replacing "to the end" would drop every line the user wrote after it.
 */
export function withMarkedBlock(text: string, body: string | undefined, file = 'the file'): string {
  try {
    return body === undefined
      ? removeMarkedBlock(text, MARKERS, file)
      : upsertMarkedBlock(text, body, MARKERS, { file, blankLineBefore: false });
  } catch (error) {
    if (!(error instanceof MarkedBlockError)) throw error;
    const message =
      error.damage === 'unended'
        ? `${file} has the line "${MARKERS.start}" but not its end "${MARKERS.end}": restore the end ` +
          `line (or delete the block), then try again`
        : error.message;
    throw new UserError(`${message}; nothing was changed`, undefined, { cause: error });
  }
}
