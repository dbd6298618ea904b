import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSeed, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { GitAuthSaveResponse, GitAuthStatus, parseWith } from '@studio-teams/schema';
import { buildCredentialHelper, type GitHome, makeGitHome } from '../../scripts/testing/git-client';
import { type GitServer, startGitServer } from '../../scripts/testing/git-server';
import { tagGitStudio, writeStudioMetadata } from '../../scripts/testing/git-studio';
import { type CliResult, runCli } from './helpers/run-cli';

/**
 * `sm-studio git-auth` on the laptop against the local Studio (moto's Secrets Manager through the
 * emulator, the provider from the domain tag), then git in "the container" (a throwaway home with
 * the bundled credential helper) clones and pushes with what it saved. Tests run in order.
 */
jest.setTimeout(90_000);

const REGION = 'ca-central-1';
const GIT_USER = 'jane.doe';
const PAT = `glpat-${randomBytes(12).toString('hex')}`;

let studio: TestStudio;
let server: GitServer;
let home: GitHome;
let helper: string;
const outputs: CliResult[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'git-auth-cli-'));

beforeAll(async () => {
  // moto is shared by every test file: a region of this file's own keeps gitlab-jane-doe its own.
  [studio, server] = await Promise.all([
    startTestStudio({ seed: { ...loadSeed(), region: REGION } }),
    startGitServer({ username: GIT_USER, pat: PAT }),
  ]);
  const { domainId } = await tagGitStudio(studio.env, {
    user: 'jane-doe',
    provider: server.url,
    gitUserName: GIT_USER,
    email: 'jane.doe@example.com',
  });
  const metadataFile = path.join(work, 'resource-metadata.json');
  writeStudioMetadata(metadataFile, { domainId, user: 'jane-doe', region: REGION });
  helper = buildCredentialHelper(work);
  const aws = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
  home = makeGitHome({ ...aws, STUDIO_METADATA_FILE: metadataFile });
});

afterAll(async () => {
  await server?.close();
  await studio?.close();
  home?.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

async function sm(argv: string[], opts: { input?: string; isTTY?: boolean } = {}): Promise<CliResult> {
  const result = await runCli(['git-auth', ...argv], { env: studio.env, ...opts });
  outputs.push(result);
  return result;
}

test('--help says where the PAT is read from and how it is checked', async () => {
  const r = await sm(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('--save-unverified');
  expect(r.stdout).toContain('never\nfrom the command line');
  expect(r.stdout).toContain('GET https://<provider>/api/v4/user');
});

test('before saving: --status says nothing is stored, and git clone points at sm-studio git-auth', async () => {
  const r = await sm(['--status', '--json']);
  expect(r.code).toBe(0);
  expect(parseWith(GitAuthStatus, JSON.parse(r.stdout), 'status')).toMatchObject({
    provider: { host: server.host },
    stored: false,
  });
  expect((await home.run(process.execPath, [helper, 'install'])).code).toBe(0);
  const clone = await home.git(['clone', server.repoUrl, path.join(home.home, 'before')]);
  expect(clone.code).not.toBe(0);
  expect(clone.stderr).toContain('run `sm-studio git-auth` on your laptop');
});

test('a wrong PAT is refused with the provider’s reason (exit 1); an empty stdin is a usage error', async () => {
  const wrong = await sm([], { input: 'glpat-wrong\n' });
  expect(wrong).toMatchObject({ code: 1, stdout: '' });
  expect(wrong.stderr).toContain(`${server.host} refused the PAT: 401 Unauthorized; nothing was saved`);
  const empty = await sm([], { input: '' });
  expect(empty.code).toBe(2);
  expect(empty.stderr).toContain('no PAT on stdin');
  // A username that would break git's credential answer is refused before the PAT is asked for.
  const odd = await sm(['--username', 'jane.doe\npassword=x'], { input: `${PAT}\n`, isTTY: true });
  expect(odd.code).toBe(2);
  expect(odd.stderr).toContain('"jane.doe?password=x" is not a git username');
  expect(odd.stderr).not.toContain('GitLab PAT for');
  expect(JSON.parse((await sm(['--status', '--json'])).stdout)).toMatchObject({ stored: false });
});

test('the PAT is typed at a prompt that does not echo it; the username comes from the profile tag', async () => {
  const r = await sm(['--json'], { input: `${PAT}\n`, isTTY: true });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`GitLab PAT for ${GIT_USER} on ${server.host}: `);
  const saved = parseWith(GitAuthSaveResponse, JSON.parse(r.stdout), 'save');
  expect(saved).toMatchObject({ verified: true, status: { stored: true, gitUserName: GIT_USER } });
  expect(saved.status.lastVerifiedAt).not.toBeNull();
});

test('saved from stdin, git clone and git push succeed through the helper', async () => {
  const r = await sm(['--username', GIT_USER], { input: `${PAT}\n` });
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    `Saved: ${server.host} accepted the PAT of ${GIT_USER}; git over http to ${server.host} now uses it.\n`,
  );
  const human = await sm(['--status']);
  expect(human.stdout).toContain(`stored:       yes, for ${GIT_USER}`);

  const dir = path.join(home.home, 'project');
  expect((await home.git(['clone', server.repoUrl, dir])).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'laptop.md'), 'saved from the laptop\n');
  expect((await home.git(['add', '.'], { cwd: dir })).code).toBe(0);
  expect((await home.git(['commit', '-m', 'after sm-studio git-auth'], { cwd: dir })).code).toBe(0);
  expect(await home.git(['push', 'origin', 'main'], { cwd: dir })).toMatchObject({ code: 0 });
  expect(server.log()[0]).toBe(`after sm-studio git-auth|${GIT_USER}|jane.doe@example.com`);
});

test('a PAT on the command line is not accepted', async () => {
  const r = await sm([PAT]);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toContain(PAT);
});

test('no output and no file under the home holds the PAT', () => {
  const printed = outputs.flatMap((o) => [o.stdout, o.stderr]);
  expect(printed.filter((t) => t.includes(PAT))).toEqual([]);
  expect(home.filesContaining(PAT)).toEqual([]);
});
