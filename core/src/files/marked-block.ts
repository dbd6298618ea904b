/**
 * A block of lines between two marker lines, kept inside a file the user also edits (~/.ssh/config,
 * ~/.profile). The block is spliced into the original text, so every byte outside it stays as it was
 * (comments, spacing, a missing final newline) and the file's line endings are kept. A damaged block
 * (a marker without its pair, a block twice) is refused rather than guessed at: replacing "to the
 * end" would drop every line the user wrote after a lone start marker.
 */

export interface BlockMarkers {
  /** The start marker; a line whose trimmed text starts with it opens the block (a note may follow). */
  start: string;
  end: string;
  /** What re-creates the block, for the message about a damaged one ("run `sm-ssh init`"). */
  owner: string;
}

/** Lines with their line endings, so joining them gives back the text exactly. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The file's line ending: CRLF when its first line break is one. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

const content = (line: string): string => line.replace(/\r?\n$/, '').trim();

/** How a block is damaged: a marker twice, an end without a start, a start without an end, the end first. */
export type BlockDamage = 'repeated' | 'unstarted' | 'unended' | 'reversed';

export class MarkedBlockError extends Error {
  override readonly name = 'MarkedBlockError';
  constructor(
    readonly file: string,
    readonly markers: BlockMarkers,
    readonly damage: BlockDamage,
    /** What is wrong, naming the line ("line 20 starts a block that never ends"). */
    readonly problem: string,
  ) {
    super(
      `${file} has a damaged block between "${markers.start}" and "${markers.end}" (${problem}); ` +
        `remove those lines yourself, then ${markers.owner} again`,
    );
  }
}

export interface BlockLocation {
  /** Index of the start marker line. */
  start: number;
  /** Index one past the end marker line. */
  end: number;
}

/** Where the block is among `lines` (from splitLines), or undefined; a damaged block is a MarkedBlockError. */
export function findMarkedBlock(
  lines: readonly string[],
  markers: BlockMarkers,
  file: string,
): BlockLocation | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  lines.forEach((line, i) => {
    const c = content(line);
    if (c.startsWith(markers.start)) starts.push(i);
    else if (c.startsWith(markers.end)) ends.push(i);
  });
  if (starts.length === 0 && ends.length === 0) return undefined;
  const damaged = (damage: BlockDamage, problem: string) =>
    new MarkedBlockError(file, markers, damage, problem);
  if (starts.length > 1 || ends.length > 1) throw damaged('repeated', 'it appears more than once');
  const [start] = starts;
  const [end] = ends;
  if (start === undefined) throw damaged('unstarted', `line ${end! + 1} ends a block that never starts`);
  if (end === undefined) throw damaged('unended', `line ${start + 1} starts a block that never ends`);
  if (end < start) throw damaged('reversed', `its end marker, line ${end + 1}, comes before its start`);
  return { start, end: end + 1 };
}

/** The block's own text, markers included, or undefined when the file has none. */
export function markedBlockText(text: string, markers: BlockMarkers, file: string): string | undefined {
  const lines = splitLines(text);
  const found = findMarkedBlock(lines, markers, file);
  return found ? lines.slice(found.start, found.end).join('') : undefined;
}

/** The block's body lines (markers excluded), or undefined when the file has none. */
export function readMarkedBlock(text: string, markers: BlockMarkers, file: string): string | undefined {
  const lines = splitLines(text);
  const found = findMarkedBlock(lines, markers, file);
  return found ? lines.slice(found.start + 1, found.end - 1).join('') : undefined;
}

/** The block: the start marker (and its note), `body`, the end marker; every line ending is `eol`. */
export function renderMarkedBlock(
  body: string,
  markers: BlockMarkers,
  options: { startNote?: string; eol?: string } = {},
): string {
  const bodyText = body === '' || body.endsWith('\n') ? body : `${body}\n`;
  return `${markers.start}${options.startNote ?? ''}\n${bodyText}${markers.end}\n`.replace(
    /\r?\n/g,
    options.eol ?? '\n',
  );
}

export interface SpliceOptions {
  /** The file's name, for the message about a damaged block. */
  file: string;
  /**
   * A new block goes before the first line this picks (given trimmed), followed by a blank line:
   * ssh's first Host/Match section, so no section of the user's swallows the block.
   */
  insertBefore?: (line: string) => boolean;
  /** A block appended at the end is set off by a blank line (default true). */
  blankLineBefore?: boolean;
}

/**
 * `text` with `block` (rendered, markers included) in place of the existing block; else before the
 * line `insertBefore` picks; else appended, after a newline if the text lacks its last one.
 */
export function spliceMarkedBlock(
  text: string,
  block: string,
  markers: BlockMarkers,
  options: SpliceOptions,
): string {
  const lines = splitLines(text);
  const found = findMarkedBlock(lines, markers, options.file);
  if (found) return [...lines.slice(0, found.start), block, ...lines.slice(found.end)].join('');
  const eol = eolOf(text);
  const before = options.insertBefore ? lines.findIndex((l) => options.insertBefore!(content(l))) : -1;
  if (before >= 0) return [...lines.slice(0, before), block, eol, ...lines.slice(before)].join('');
  if (text === '') return block;
  const ended = text.endsWith('\n') ? text : `${text}${eol}`;
  const separated =
    options.blankLineBefore === false || /\n[ \t]*\r?\n$/.test(ended) ? ended : `${ended}${eol}`;
  return `${separated}${block}`;
}

/** spliceMarkedBlock of the block made of `body`, in the file's line endings. */
export function upsertMarkedBlock(
  text: string,
  body: string,
  markers: BlockMarkers,
  options: SpliceOptions & { startNote?: string },
): string {
  const block = renderMarkedBlock(body, markers, { startNote: options.startNote, eol: eolOf(text) });
  return spliceMarkedBlock(text, block, markers, options);
}

/** `text` without the block (its lines only: the lines around it stay as they are). */
export function removeMarkedBlock(text: string, markers: BlockMarkers, file: string): string {
  const lines = splitLines(text);
  const found = findMarkedBlock(lines, markers, file);
  return found ? [...lines.slice(0, found.start), ...lines.slice(found.end)].join('') : text;
}
