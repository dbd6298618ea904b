/**
 * A block of lines between two marker comments, kept inside a file the user also edits (~/.ssh/config,
 * ~/.profile). The block is spliced into the original text, so every byte outside it stays as it was;
 * the file's line endings are kept. `sm-ssh init` keeps its own block in ~/.ssh/config the same way.
 */

export interface BlockMarkers {
  start: string;
  end: string;
  /** What re-creates the block, for the message about a damaged one. */
  owner: string;
}

/** Lines with their line endings, so joining them gives back the text exactly. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

const trimmed = (line: string): string => line.replace(/\r?\n$/, '').trim();

interface Location {
  start: number;
  /** One past the end marker. */
  end: number;
}

/** Where the block is; a marker without its pair, or a block twice, is an error saying how to fix it. */
function locate(lines: readonly string[], markers: BlockMarkers, file: string): Location | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  lines.forEach((line, i) => {
    const t = trimmed(line);
    if (t.startsWith(markers.start)) starts.push(i);
    else if (t.startsWith(markers.end)) ends.push(i);
  });
  if (starts.length === 0 && ends.length === 0) return undefined;
  const [start] = starts;
  const [end] = ends;
  if (starts.length === 1 && ends.length === 1 && start! < end!) return { start: start!, end: end! + 1 };
  throw new MarkedBlockError(
    `${file} has a damaged block between "${markers.start}" and "${markers.end}" (a marker is missing, ` +
      `repeated or out of order); remove those lines yourself, then ${markers.owner} again`,
  );
}

export class MarkedBlockError extends Error {
  override readonly name = 'MarkedBlockError';
}

/** The block's body lines (markers excluded), or undefined when the file has none. */
export function readMarkedBlock(text: string, markers: BlockMarkers, file: string): string | undefined {
  const lines = splitLines(text);
  const found = locate(lines, markers, file);
  return found ? lines.slice(found.start + 1, found.end - 1).join('') : undefined;
}

/**
 * `text` with the block (`body`, between the markers) in place of the existing one; else inserted
 * before the first line `insertBefore` picks (ssh's first Host/Match section, so the block is not
 * swallowed by a section of the user's), else appended after a blank line.
 */
export function upsertMarkedBlock(
  text: string,
  body: string,
  markers: BlockMarkers,
  options: { file: string; startNote?: string; insertBefore?: (line: string) => boolean },
): string {
  const eol = eolOf(text);
  const lines = splitLines(text);
  const bodyText = body.endsWith('\n') ? body : `${body}\n`;
  const block = `${markers.start}${options.startNote ?? ''}\n${bodyText}${markers.end}\n`.replace(
    /\r?\n/g,
    eol,
  );
  const found = locate(lines, markers, options.file);
  if (found) return [...lines.slice(0, found.start), block, ...lines.slice(found.end)].join('');
  const before = options.insertBefore ? lines.findIndex((l) => options.insertBefore!(trimmed(l))) : -1;
  if (before >= 0) return [...lines.slice(0, before), block, eol, ...lines.slice(before)].join('');
  if (text === '') return block;
  const ended = text.endsWith('\n') ? text : `${text}${eol}`;
  const separated = /\n[ \t]*\r?\n$/.test(ended) ? ended : `${ended}${eol}`;
  return `${separated}${block}`;
}

/** An ssh config line that opens a section: `Host …` or `Match …` (any case, `=` allowed). */
export const opensSshSection = (line: string): boolean => /^(host|match)(\s|=)/i.test(line);
