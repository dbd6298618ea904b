import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DeleteSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { loadSeed, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { gitSecretName } from '@studio-teams/schema';
import { createSecretsManagerClient } from '../../src/aws/clients';
import * as gitAuth from '../../src/git-auth';
import { buildCredentialHelper, type GitHome, makeGitHome } from '../../../scripts/testing/git-client';
import { type GitServer, startGitServer } from '../../../scripts/testing/git-server';
import { tagGitStudio, writeStudioMetadata } from '../../../scripts/testing/git-studio';

/**
 * The container's half end to end: git's http-backend on loopback behind basic auth stands for
 * GitLab, moto (through the emulator) holds the secret, the credential helper is the bundle the
 * wheel ships, registered by its own `install` in a throwaway home. Tests run in order.
 */

const USER = 'jane-doe';
const GIT_USER = 'jane.doe';
const PAT = `glpat-${randomBytes(12).toString('hex')}`;
const SECRET = gitSecretName(USER);

let studio: TestStudio;
let server: GitServer;
let home: GitHome;
let helper: string;
let secrets: ReturnType<typeof createSecretsManagerClient>;
let target: gitAuth.GitAuthTarget;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'git-auth-core-'));

beforeAll(async () => {
  [studio, server] = await Promise.all([
    // moto is shared by every test file: a region of this file's own keeps gitlab-jane-doe its own.
    startTestStudio({ seed: { ...loadSeed(), region: 'ap-south-1' } }),
    startGitServer({ username: GIT_USER, pat: PAT }),
  ]);
  helper = buildCredentialHelper(work);
  const { domainId } = await tagGitStudio(studio.env, {
    user: USER,
    provider: server.url,
    gitUserName: 'Jane Doe',
    email: 'jane.doe@example.com',
  });
  const metadataFile = path.join(work, 'resource-metadata.json');
  writeStudioMetadata(metadataFile, { domainId, user: USER, region: 'ap-south-1' });
  const aws = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
  home = makeGitHome({ ...aws, STUDIO_METADATA_FILE: metadataFile });
  secrets = createSecretsManagerClient({ env: studio.env });
  target = { secrets, userProfileName: USER, provider: { host: server.host, url: server.url } };
}, 60_000);

afterAll(async () => {
  secrets?.destroy();
  await server?.close();
  await studio?.close();
  home?.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const clone = (dir: string) => home.git(['clone', server.repoUrl, dir]);

test('install registers the helper for the provider URL only, and the git identity from the profile tags', async () => {
  // A helper for every host that writes what git used to ~/.git-credentials: it must never see the PAT.
  expect((await home.git(['config', '--global', 'credential.helper', 'store'])).code).toBe(0);
  const installed = await home.run(process.execPath, [helper, 'install']);
  expect(installed).toMatchObject({ code: 0, stderr: '' });
  expect(installed.stdout).toContain(`secret ${SECRET}`);
  const helpers = await home.git(['config', '--global', '--get-all', `credential.${server.url}.helper`]);
  const lines = helpers.stdout.split('\n').filter(Boolean);
  // An empty entry first: helpers configured for every host are not asked for this one.
  expect(helpers.stdout.startsWith('\n')).toBe(true);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(helper);
  expect(lines[0]).toContain(`'--host' '${server.host}'`);
  expect((await home.git(['config', '--global', 'user.name'])).stdout.trim()).toBe('Jane Doe');
  expect((await home.git(['config', '--global', 'user.email'])).stdout.trim()).toBe('jane.doe@example.com');
  // Run again: the same entries, not two helpers.
  expect((await home.run(process.execPath, [helper, 'install'])).code).toBe(0);
  const again = await home.git(['config', '--global', '--get-all', `credential.${server.url}.helper`]);
  expect(again.stdout).toBe(helpers.stdout);
});

test('before a PAT is saved, git clone fails with a message pointing at the panel and sm-studio git-auth', async () => {
  const r = await clone(path.join(home.home, 'before'));
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(`no GitLab PAT is stored (secret ${SECRET} does not exist)`);
  expect(r.stderr).toContain("Studio for Teams panel's Git section");
  expect(r.stderr).toContain('sm-studio git-auth');
  expect((await gitAuth.gitAuthStatus(target)).stored).toBe(false);
});

test('a wrong PAT is refused with the provider’s reason, and nothing is stored', async () => {
  await expect(gitAuth.saveGitAuth({ ...target, username: GIT_USER, pat: 'glpat-wrong' })).rejects.toThrow(
    `${server.host} refused the PAT: 401 Unauthorized; nothing was saved`,
  );
  await expect(gitAuth.saveGitAuth({ ...target, username: 'john.smith', pat: PAT })).rejects.toThrow(
    `the PAT belongs to ${server.host} user ${GIT_USER}, not john.smith`,
  );
  expect((await gitAuth.gitAuthStatus(target)).stored).toBe(false);
});

test('an unreachable provider stores nothing unless asked, and then says it is unverified', async () => {
  const port = await closedPort();
  const down = { ...target, provider: { host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}` } };
  await expect(gitAuth.saveGitAuth({ ...down, username: GIT_USER, pat: PAT })).rejects.toThrow(
    /127\.0\.0\.1:\d+ could not be reached \([A-Z_]+\); nothing was saved \(to store the PAT without checking it, set saveUnverified\)/,
  );
  expect((await gitAuth.gitAuthStatus(target)).stored).toBe(false);
  const saved = await gitAuth.saveGitAuth({ ...down, username: GIT_USER, pat: PAT, saveUnverified: true });
  expect(saved.verified).toBe(false);
  expect(saved.message).toMatch(/^Saved WITHOUT verification: 127\.0\.0\.1:\d+ could not be reached/);
  expect(saved.status).toMatchObject({ stored: true, gitUserName: GIT_USER, lastVerifiedAt: null });
  // Even unverified, a refusal is never stored.
  await expect(
    gitAuth.saveGitAuth({ ...target, username: GIT_USER, pat: 'glpat-wrong', saveUnverified: true }),
  ).rejects.toThrow(/refused the PAT/);
});

test('after saving, git clone and git push go through the helper, as the profile’s git identity', async () => {
  const now = new Date('2026-11-29T10:00:00.000Z');
  const saved = await gitAuth.saveGitAuth({ ...target, username: GIT_USER, pat: PAT, now });
  expect(saved.verified).toBe(true);
  expect(saved.status).toMatchObject({
    stored: true,
    gitUserName: GIT_USER,
    lastVerifiedAt: now.toISOString(),
    secretName: SECRET,
  });
  expect(JSON.stringify(saved)).not.toContain(PAT);
  expect(await gitAuth.gitAuthStatus(target)).toEqual(saved.status);

  const dir = path.join(home.home, 'project');
  const cloned = await clone(dir);
  expect(cloned).toMatchObject({ code: 0 });
  fs.writeFileSync(path.join(dir, 'notes.md'), 'pushed through the helper\n');
  expect((await home.git(['add', 'notes.md'], { cwd: dir })).code).toBe(0);
  expect((await home.git(['commit', '-m', 'from the container'], { cwd: dir })).code).toBe(0);
  const pushed = await home.git(['push', 'origin', 'main'], { cwd: dir });
  expect(pushed).toMatchObject({ code: 0 });
  expect(server.log()[0]).toBe('from the container|Jane Doe|jane.doe@example.com');
  // The empty entry before ours kept the global `store` helper out of it.
  expect(fs.existsSync(path.join(home.home, '.git-credentials'))).toBe(false);
  expect(server.requests.some((r) => r.path.endsWith('/git-receive-pack') && r.status === 200)).toBe(true);
});

test('the helper answers nothing for another host, and store/erase change nothing', async () => {
  const other = await home.run(process.execPath, [helper, 'get', '--secret', SECRET, '--host', server.host], {
    input: 'protocol=https\nhost=github.com\n\n',
  });
  expect(other).toEqual({ code: 0, stdout: '', stderr: '' });
  const mine = await home.run(process.execPath, [helper, 'get', '--secret', SECRET, '--host', server.host], {
    input: `protocol=http\nhost=${server.host}\n\n`,
  });
  expect(mine.stdout).toBe(`username=${GIT_USER}\npassword=${PAT}\n`);
  for (const action of ['store', 'erase']) {
    const r = await home.run(process.execPath, [helper, action], {
      input: `protocol=http\nhost=${server.host}\nusername=${GIT_USER}\npassword=${PAT}\n\n`,
    });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).not.toContain(PAT);
  }
  expect((await gitAuth.gitAuthStatus(target)).stored).toBe(true);
  const help = await home.run(process.execPath, [helper, '--help']);
  expect(help.stdout).toContain('install [--node PATH]');
});

test('a stored PAT the provider refuses (revoked since) fails git with where to save a new one', async () => {
  await secrets.send(
    new PutSecretValueCommand({
      SecretId: SECRET,
      SecretString: JSON.stringify({ GITLAB_PAT: 'glpat-revoked', GITLAB_USER_NAME: GIT_USER }),
    }),
  );
  const r = await clone(path.join(home.home, 'revoked'));
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(`${server.host} refused the stored PAT (expired or revoked?)`);
  expect(r.stderr).toContain('sm-studio git-auth');
  // Still stored: only a person replaces a PAT.
  expect((await gitAuth.readGitSecret(secrets, SECRET)).GITLAB_PAT).toBe('glpat-revoked');
});

test('a secret with bad JSON gives a clear message to git and to the status', async () => {
  await secrets.send(
    new PutSecretValueCommand({ SecretId: SECRET, SecretString: '{"GITLAB_PAT": "unterminated' }),
  );
  const r = await clone(path.join(home.home, 'bad-json'));
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(`secret ${SECRET} does not hold valid JSON; save your PAT again to replace it`);
  const status = await gitAuth.gitAuthStatus(target);
  expect(status).toMatchObject({
    stored: false,
    message: expect.stringContaining('does not hold valid JSON'),
  });
  // A secret the original tool wrote ({"GITLAB_PAT": …} only) still works: git sends the URL's user.
  await secrets.send(
    new PutSecretValueCommand({ SecretId: SECRET, SecretString: JSON.stringify({ GITLAB_PAT: PAT }) }),
  );
  const original = await gitAuth.gitAuthStatus(target);
  expect(original).toMatchObject({ stored: true, gitUserName: null, lastVerifiedAt: null });
  const url = server.repoUrl.replace('http://', `http://${GIT_USER}@`);
  expect((await home.git(['clone', url, path.join(home.home, 'original')])).code).toBe(0);
});

test('a missing secret reads as "nothing stored", with the way to store one', async () => {
  await secrets.send(new DeleteSecretCommand({ SecretId: SECRET, ForceDeleteWithoutRecovery: true }));
  await expect(gitAuth.readGitSecret(secrets, SECRET)).rejects.toThrow(
    `no GitLab PAT is stored (secret ${SECRET} does not exist)`,
  );
  // Saving again creates the secret.
  await gitAuth.saveGitAuth({ ...target, username: GIT_USER, pat: PAT });
  expect((await gitAuth.readGitSecret(secrets, SECRET)).GITLAB_PAT).toBe(PAT);
});

test('in a new-Studio space the helper is set up for the space owner', async () => {
  const spaceMetadata = path.join(work, 'space-metadata.json');
  fs.writeFileSync(
    spaceMetadata,
    JSON.stringify({
      DomainId: studio.emulator.domainId('datascience'),
      SpaceName: 'jane-lab',
      AppType: 'JupyterLab',
      ResourceName: 'default',
    }),
  );
  const setup = await gitAuth.containerGitSetup({ ...home.env, STUDIO_METADATA_FILE: spaceMetadata });
  expect(setup).toMatchObject({
    userProfileName: USER,
    secretName: SECRET,
    region: 'ap-south-1',
    provider: { host: server.host, url: server.url },
    identity: { name: 'Jane Doe', email: 'jane.doe@example.com' },
  });
});

test('install outside Studio, or without a provider, says why and changes nothing', async () => {
  const outside = makeGitHome({ STUDIO_METADATA_FILE: path.join(work, 'missing.json') });
  try {
    const r = await outside.run(process.execPath, [helper, 'install']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('this is not a SageMaker Studio container');
    expect(fs.existsSync(outside.env.GIT_CONFIG_GLOBAL ?? '')).toBe(false);
  } finally {
    outside.remove();
  }
  await tagGitStudio(studio.env, { user: USER, provider: null });
  const none = await home.run(process.execPath, [helper, 'install']);
  expect(none.code).toBe(1);
  expect(none.stderr).toContain('no git provider is configured for this domain');
  await tagGitStudio(studio.env, { user: USER, provider: server.url });
});

test('no file under the home holds the PAT', () => {
  expect(home.files().length).toBeGreaterThan(5);
  expect(home.filesContaining(PAT)).toEqual([]);
});
