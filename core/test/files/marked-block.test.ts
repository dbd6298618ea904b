import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type BlockMarkers,
  eolOf,
  findMarkedBlock,
  MarkedBlockError,
  markedBlockText,
  readMarkedBlock,
  readTextIfExistsSync,
  removeMarkedBlock,
  renderMarkedBlock,
  spliceMarkedBlock,
  splitLines,
  upsertMarkedBlock,
  writeFileAtomicSync,
} from '@studio-teams/core/files';

/** The marked block splice: the block changes, every other byte of the user's file stays as it was. */

const markers: BlockMarkers = { start: '# >>> t >>>', end: '# <<< t <<<', owner: 'run setup' };
const opts = { file: '~/.profile' };
const BLOCK = '# >>> t >>>\nexport B=2\n# <<< t <<<\n';

describe('lines', () => {
  it('split with their endings, so joining them gives the text back exactly', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', '\n\n', 'a\nb\r\n\r\nc']) {
      expect(splitLines(text).join('')).toBe(text);
    }
    expect(splitLines('a\r\nb')).toEqual(['a\r\n', 'b']);
  });

  it('take their ending from the first line break', () => {
    expect(eolOf('a\r\nb\n')).toBe('\r\n');
    expect(eolOf('a\nb\r\n')).toBe('\n');
    expect(eolOf('no break')).toBe('\n');
  });
});

describe('inserting', () => {
  it('into an empty (or missing) file is the block alone', () => {
    const missing = readTextIfExistsSync(path.join(os.tmpdir(), 'no-such-file-here', 'x')) ?? '';
    expect(upsertMarkedBlock(missing, 'export B=2', markers, opts)).toBe(BLOCK);
    expect(upsertMarkedBlock('', 'export B=2\n', markers, opts)).toBe(BLOCK);
  });

  it('appends after a blank line, adding a missing last newline; an existing blank line is kept, not doubled', () => {
    expect(upsertMarkedBlock('export A=1', 'export B=2', markers, opts)).toBe(`export A=1\n\n${BLOCK}`);
    expect(upsertMarkedBlock('export A=1\n', 'export B=2', markers, opts)).toBe(`export A=1\n\n${BLOCK}`);
    expect(upsertMarkedBlock('export A=1\n  \n', 'export B=2', markers, opts)).toBe(
      `export A=1\n  \n${BLOCK}`,
    );
    expect(upsertMarkedBlock('export A=1', 'export B=2', markers, { ...opts, blankLineBefore: false })).toBe(
      `export A=1\n${BLOCK}`,
    );
  });

  it('goes before the line insertBefore picks (given trimmed), followed by a blank line', () => {
    const text = 'Compression yes\n  Host jump\n  User me\n';
    const out = upsertMarkedBlock(text, 'Host sm-*', markers, {
      file: 'config',
      insertBefore: (line) => line.startsWith('Host '),
    });
    expect(out).toBe('Compression yes\n# >>> t >>>\nHost sm-*\n# <<< t <<<\n\n  Host jump\n  User me\n');
  });

  it('keeps a CRLF file CRLF, the block included', () => {
    const out = upsertMarkedBlock('export A=1\r\n', 'export B=2\n', markers, { ...opts, startNote: ' note' });
    expect(out).toBe('export A=1\r\n\r\n# >>> t >>> note\r\nexport B=2\r\n# <<< t <<<\r\n');
  });
});

describe('replacing', () => {
  const around = (block: string) =>
    `# mine\nexport A=1   # spaces kept\r\n\n${block}\tindented\nlast, no newline`;

  it('swaps the block in place, every other byte unchanged (mixed endings, no final newline)', () => {
    const before = around(BLOCK);
    const after = upsertMarkedBlock(before, 'export B=3\n', markers, opts);
    expect(after).toBe(around('# >>> t >>>\nexport B=3\n# <<< t <<<\n'));
    expect(upsertMarkedBlock(after, 'export B=3\n', markers, opts)).toBe(after);
  });

  it('finds markers with a note, indentation or CRLF, wherever the user moved the block', () => {
    const text = 'a\r\n  # >>> t >>> written by setup\r\nold\r\n# <<< t <<<  \r\nz\r\n';
    expect(readMarkedBlock(text, markers, 'p')).toBe('old\r\n');
    expect(markedBlockText(text, markers, 'p')).toBe(
      '  # >>> t >>> written by setup\r\nold\r\n# <<< t <<<  \r\n',
    );
    const block = renderMarkedBlock('new', markers, { eol: '\r\n' });
    expect(spliceMarkedBlock(text, block, markers, opts)).toBe(`a\r\n${block}z\r\n`);
  });

  it('reads nothing from a file without the block', () => {
    expect(readMarkedBlock('a\nb\n', markers, 'p')).toBeUndefined();
    expect(markedBlockText('', markers, 'p')).toBeUndefined();
    expect(findMarkedBlock(splitLines('a\n'), markers, 'p')).toBeUndefined();
  });
});

describe('removing', () => {
  it('takes out the block lines only', () => {
    expect(removeMarkedBlock(`keep1\r\n${BLOCK}\nkeep2`, markers, 'p')).toBe('keep1\r\n\nkeep2');
    expect(removeMarkedBlock('keep1\nkeep2', markers, 'p')).toBe('keep1\nkeep2');
  });
});

describe('a damaged block', () => {
  const cases: [string, string, RegExp][] = [
    ['unended', 'keep1\n# >>> t >>>\nold\nkeep2\nkeep3\n', /line 2 starts a block that never ends/],
    ['unstarted', 'keep1\n# <<< t <<<\n', /line 2 ends a block that never starts/],
    ['repeated', `${BLOCK}${BLOCK}`, /it appears more than once/],
    ['reversed', '# <<< t <<<\n# >>> t >>>\n', /its end marker, line 1, comes before its start/],
  ];

  it.each(cases)('(%s) is refused, saying what is wrong and how to repair it', (damage, text, problem) => {
    for (const attempt of [
      () => upsertMarkedBlock(text, 'new', markers, opts),
      () => removeMarkedBlock(text, markers, '~/.profile'),
      () => readMarkedBlock(text, markers, '~/.profile'),
    ]) {
      expect(attempt).toThrow(MarkedBlockError);
      expect(attempt).toThrow(expect.objectContaining({ damage }) as Error);
      expect(attempt).toThrow(problem);
      expect(attempt).toThrow(
        /^~\/\.profile has a damaged block between .*; remove those lines yourself, then run setup again$/,
      );
    }
  });

  it('a start marker without its end loses no line after it: the file on disk stays as it was', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-marked-'));
    try {
      const file = path.join(dir, '.profile');
      const text = 'keep1\n# >>> t >>>\nold\nkeep2\nkeep3';
      fs.writeFileSync(file, text);
      const update = () =>
        writeFileAtomicSync(
          file,
          upsertMarkedBlock(fs.readFileSync(file, 'utf8'), 'new', markers, { file }),
          {
            mode: 0o644,
          },
        );
      expect(update).toThrow(MarkedBlockError);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(fs.readdirSync(dir)).toEqual(['.profile']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
