import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { ArtifactsManifest, ARTIFACTS_MANIFEST_KEY } from '@studio-teams/schema';
import { REPO } from './helpers/sandbox';

/** scripts/artifacts/build.sh: the folder the CDK app deploys to the artifacts bucket. */
const run = promisify(execFile);
const BUILD = path.join(REPO, 'scripts', 'artifacts', 'build.sh');
const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-teams-artifacts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function files(): { wheel: string; node: string; direnv: string } {
  const wheel = path.join(dir, 'sagemaker_studio_for_teams-1.2.3-py3-none-any.whl');
  const node = path.join(dir, 'node-v20.19.0-linux-x64.tar.xz');
  const direnv = path.join(dir, 'direnv.linux-amd64');
  fs.writeFileSync(wheel, 'wheel bytes');
  fs.writeFileSync(node, 'node bytes');
  fs.writeFileSync(direnv, 'direnv bytes');
  return { wheel, node, direnv };
}

test('a manifest of the schema’s shape, each key a file of the folder with the digest it names', async () => {
  const { wheel, node, direnv } = files();
  const out = path.join(dir, 'out');
  await run('bash', [BUILD, '--wheel', wheel, '--node', node, '--direnv', direnv, '--out', out]);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, ARTIFACTS_MANIFEST_KEY), 'utf8')) as unknown;
  expect(Value.Check(ArtifactsManifest, manifest)).toBe(true);
  const m = manifest as ArtifactsManifest;
  expect(m.version).toBe(`1.2.3+${sha256(wheel).slice(0, 12)}`);
  for (const [name, source] of [
    ['wheel', wheel],
    ['node', node],
    ['direnv', direnv],
  ] as const) {
    const entry = m.files[name]!;
    expect(entry.key).toBe(`studio-teams/${m.version}/${path.basename(source)}`);
    expect(sha256(path.join(out, entry.key))).toBe(entry.sha256);
    expect(entry.sha256).toBe(sha256(source));
  }
});

test('node and direnv are optional; a rebuild replaces the folder', async () => {
  const { wheel } = files();
  const out = path.join(dir, 'out');
  await run('bash', [BUILD, '--wheel', wheel, '--out', out]);
  fs.mkdirSync(path.join(out, 'studio-teams', 'stale'));
  await run('bash', [BUILD, '--wheel', wheel, '--out', out]);
  const m = JSON.parse(fs.readFileSync(path.join(out, ARTIFACTS_MANIFEST_KEY), 'utf8')) as ArtifactsManifest;
  expect(Object.keys(m.files)).toEqual(['wheel']);
  expect(fs.existsSync(path.join(out, 'studio-teams', 'stale'))).toBe(false);
});

test('bad input: a clear message, exit 1 for a missing file or a foreign --out, 2 for a wrong option, nothing written', async () => {
  const out = path.join(dir, 'out');
  await expect(
    run('bash', [BUILD, '--wheel', path.join(dir, 'nope.whl'), '--out', out]),
  ).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining(`no such file: ${path.join(dir, 'nope.whl')}`),
  });
  await expect(run('bash', [BUILD, '--frobnicate'])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('unknown option --frobnicate (see --help)'),
  });
  await expect(run('bash', [BUILD, '--wheel'])).rejects.toMatchObject({ code: 2 });
  expect(fs.existsSync(out)).toBe(false);
  // Never a folder it did not make: --out is removed and rebuilt as a whole.
  const precious = path.join(dir, 'precious');
  fs.mkdirSync(precious);
  fs.writeFileSync(path.join(precious, 'keep'), 'mine');
  await expect(run('bash', [BUILD, '--wheel', files().wheel, '--out', precious])).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining(`refusing to replace ${precious}: it is not an artifacts folder`),
  });
  expect(fs.readFileSync(path.join(precious, 'keep'), 'utf8')).toBe('mine');
  const help = await run('bash', [BUILD, '--help']);
  expect(help.stdout).toContain('scripts/artifacts/build.sh [--wheel F] [--node F] [--direnv F] [--out DIR]');
});
