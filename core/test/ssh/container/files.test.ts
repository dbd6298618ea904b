import { withMarkedBlock } from '../../../src/ssh/container/files';

const BEGIN = '# >>> studio-teams ssh >>>';
const END = '# <<< studio-teams ssh <<<';

test('the block is appended once, then replaced in place, keeping every other line', () => {
  const first = withMarkedBlock('export A=1\n', 'export B=2');
  expect(first).toBe(`export A=1\n${BEGIN}\nexport B=2\n${END}\n`);
  const edited = `${first}export C=3\n`;
  expect(withMarkedBlock(edited, 'export B=4')).toBe(
    `export A=1\n${BEGIN}\nexport B=4\n${END}\nexport C=3\n`,
  );
  expect(withMarkedBlock(withMarkedBlock(edited, 'export B=4'), 'export B=4')).toBe(
    withMarkedBlock(edited, 'export B=4'),
  );
});

test('removing the block leaves the lines around it', () => {
  expect(withMarkedBlock(`keep1\n${BEGIN}\nold\n${END}\nkeep2\n`, undefined)).toBe('keep1\nkeep2\n');
});

test('a begin marker without its end is refused, naming the file, instead of dropping what follows', () => {
  const damaged = `keep1\n${BEGIN}\nold\nkeep2\nkeep3\n`;
  expect(() => withMarkedBlock(damaged, 'new', '/home/u/.profile')).toThrow(
    /^\/home\/u\/\.profile has the line "# >>> studio-teams ssh >>>" but not its end .*nothing was changed$/,
  );
});
