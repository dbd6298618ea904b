import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildScripts, REPO, SCRIPTS } from './helpers/sandbox';

/** Static checks on every shell script of the feature: shellcheck, and Studio's 16 KB limit. */
const run = promisify(execFile);

/** Studio's limit on a lifecycle config's content, which is the script base64-encoded. */
const STUDIO_CONTENT_LIMIT = 16 * 1024;

const built = buildScripts();
const sources = fs
  .readdirSync(path.join(REPO, 'lifecycle', 'src'))
  .filter((f) => f.endsWith('.sh'))
  .map((f) => path.join(REPO, 'lifecycle', 'src', f));
const others = [
  path.join(REPO, 'lifecycle', 'build.sh'),
  path.join(REPO, 'scripts', 'artifacts', 'build.sh'),
];

test.each([...sources, ...Object.values(built), ...others].map((f) => [path.relative(REPO, f), f]))(
  'shellcheck: %s',
  async (_name, file) => {
    // Non-zero exit (and the findings on stdout) on any finding, info level included.
    await expect(
      run('shellcheck', ['--severity=style', file], { cwd: path.dirname(file) }),
    ).resolves.toBeDefined();
  },
);

test.each(SCRIPTS.map((s) => [s]))('%s fits Studio’s 16 KB once base64-encoded', (name) => {
  const size = Buffer.from(fs.readFileSync(built[name])).toString('base64').length;
  expect(size).toBeLessThanOrEqual(STUDIO_CONTENT_LIMIT);
});

test('each built script is the source with the lib inlined: no step is missing its function', async () => {
  for (const name of SCRIPTS) {
    const text = fs.readFileSync(built[name], 'utf8');
    expect(text).not.toContain('# @lib');
    const calls = [...text.matchAll(/^ *step \S+ \d+ (\w+)/gm)].map((m) => m[1]!);
    expect(calls.length).toBeGreaterThan(3);
    for (const fn of calls) expect(text).toMatch(new RegExp(`^${fn}\\(\\) \\{`, 'm'));
  }
});
