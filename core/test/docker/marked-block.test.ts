import { MarkedBlockError, opensSshSection, readMarkedBlock, upsertMarkedBlock } from '../../src/docker';

/** The marked block splice: the user's bytes outside the block never change. */

const markers = { start: '# >>> t >>>', end: '# <<< t <<<', owner: 'run setup' };
const ssh = { file: 'config', insertBefore: opensSshSection };

test('into an empty file, then replaced in place', () => {
  const first = upsertMarkedBlock('', 'Host a\n', markers, ssh);
  expect(first).toBe('# >>> t >>>\nHost a\n# <<< t <<<\n');
  const around = `Include x\n\n${first}\nHost other\n  User u\n`;
  expect(upsertMarkedBlock(around, 'Host b\n', markers, ssh)).toBe(
    'Include x\n\n# >>> t >>>\nHost b\n# <<< t <<<\n\nHost other\n  User u\n',
  );
});

test('before the first Host or Match section (any case, with =), so no section of the user swallows it', () => {
  expect(upsertMarkedBlock('Compression yes\nmatch=all\n  User m\n', 'Host a\n', markers, ssh)).toBe(
    'Compression yes\n# >>> t >>>\nHost a\n# <<< t <<<\n\nmatch=all\n  User m\n',
  );
  expect(upsertMarkedBlock('HostName x\n', 'Host a', markers, ssh)).toBe(
    'HostName x\n\n# >>> t >>>\nHost a\n# <<< t <<<\n',
  );
});

test('appended after a blank line when nothing says where; CRLF files stay CRLF', () => {
  expect(upsertMarkedBlock('export A=1', 'export B=2\n', markers, { file: 'p' })).toBe(
    'export A=1\n\n# >>> t >>>\nexport B=2\n# <<< t <<<\n',
  );
  expect(upsertMarkedBlock('export A=1\r\n', 'export B=2\n', markers, { file: 'p' })).toBe(
    'export A=1\r\n\r\n# >>> t >>>\r\nexport B=2\r\n# <<< t <<<\r\n',
  );
});

test('a damaged block is an error saying how to repair it, and nothing is written over', () => {
  for (const text of [
    '# >>> t >>>\nHost a\n',
    '# <<< t <<<\n# >>> t >>>\n',
    '# >>> t >>>\n# <<< t <<<\n# >>> t >>>\n# <<< t <<<\n',
  ]) {
    expect(() => upsertMarkedBlock(text, 'x', markers, ssh)).toThrow(MarkedBlockError);
    expect(() => readMarkedBlock(text, markers, 'config')).toThrow(
      /config has a damaged block .* then run setup again/,
    );
  }
});
