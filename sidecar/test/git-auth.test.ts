import './helpers/esm-cookie-shim';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerClient } from '@studio-teams/core';
import { loadSeed, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import type { ErrorResponse, GitAuthSaveResponse, GitAuthStatus } from '@studio-teams/schema';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app';
import { buildCredentialHelper, type GitHome, makeGitHome } from '../../scripts/testing/git-client';
import { type GitServer, startGitServer } from '../../scripts/testing/git-server';
import { tagGitStudio, writeStudioMetadata } from '../../scripts/testing/git-studio';

/**
 * `/api/git-auth` in front of the local Studio (moto's Secrets Manager through the emulator) and a
 * real git server on loopback: the sidecar of jane-doe's classic app saves the PAT, then git clones
 * and pushes through the bundled credential helper. Every answer and log line is searched for the PAT.
 */
jest.setTimeout(90_000);

const REGION = 'eu-west-3';
const GIT_USER = 'jane.doe';
const PAT = `glpat-${randomBytes(12).toString('hex')}`;

let studio: TestStudio;
let server: GitServer;
let app: FastifyInstance;
let home: GitHome;
let helper: string;
let headers: Record<string, string>;
const rawLogs: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  // moto is shared by every test file: a region of this file's own keeps gitlab-jane-doe its own.
  [studio, server] = await Promise.all([
    startTestStudio({ seed: { ...loadSeed(), region: REGION } }),
    startGitServer({ username: GIT_USER, pat: PAT }),
  ]);
  const dir = await fs.mkdtemp(path.join(studio.sandboxDir, 'sidecar-git-auth-'));
  const { domainId } = await tagGitStudio(studio.env, {
    user: 'jane-doe',
    // No provider yet: the first test sees what a domain without one answers.
    provider: null,
    gitUserName: 'Jane Doe',
    email: 'jane.doe@example.com',
  });
  const metadataFile = path.join(dir, 'resource-metadata.json');
  writeStudioMetadata(metadataFile, { domainId, user: 'jane-doe', region: REGION });
  helper = buildCredentialHelper(dir);
  const aws = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
  home = makeGitHome({ ...aws, STUDIO_METADATA_FILE: metadataFile });
  await startSidecar();
});

/** jane-doe's sidecar, logging everything (debug) into rawLogs. */
async function startSidecar(): Promise<void> {
  const tokenFile = path.join(path.dirname(helper), 'token');
  app = await buildApp({
    port: 0,
    tokenFile,
    metadataFile: home.env.STUDIO_METADATA_FILE ?? '',
    env: { ...studio.env, HOME: home.home },
    priceCacheFile: null,
    logLevel: 'debug',
    logStream: { write: (line: string) => void rawLogs.push(line) },
  });
  await app.ready();
  const token = (await fs.readFile(tokenFile, 'utf8')).trim();
  headers = { host: '127.0.0.1:0', authorization: `Bearer ${token}` };
}

afterAll(async () => {
  await app?.close();
  await server?.close();
  await studio?.close();
  home?.remove();
});

async function call<T>(options: InjectOptions): Promise<{ status: number; body: T }> {
  const response = await app.inject({ ...options, headers: { ...headers, ...options.headers } });
  bodies.push(response.body);
  return { status: response.statusCode, body: response.json<T>() };
}
const status = () => call<GitAuthStatus>({ method: 'GET', url: '/api/git-auth' });
const save = (payload: Record<string, unknown>) =>
  call<GitAuthSaveResponse & ErrorResponse>({ method: 'POST', url: '/api/git-auth', payload });

test('without a provider on the domain: nothing stored, and saving is refused with what to set', async () => {
  const r = await status();
  expect(r).toMatchObject({
    status: 200,
    body: {
      provider: null,
      secretName: 'gitlab-jane-doe',
      stored: false,
      gitUserName: null,
      lastVerifiedAt: null,
    },
  });
  const refused = await save({ username: GIT_USER, pat: PAT });
  expect(refused.status).toBe(409);
  expect(refused.body.message).toContain('studio-teams:git-provider-host');
});

test('before saving, git clone fails with a message pointing at the panel', async () => {
  await tagGitStudio(studio.env, { user: 'jane-doe', provider: server.url });
  // The route looks the tag up again only every few minutes; a new sidecar does at once.
  await app.close();
  await startSidecar();
  expect((await status()).body).toMatchObject({
    provider: { host: server.host, url: server.url },
    stored: false,
    message: expect.stringContaining('does not exist'),
  });
  expect((await home.run(process.execPath, [helper, 'install'])).code).toBe(0);
  const r = await home.git(['clone', server.repoUrl, path.join(home.home, 'before')]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("save one in the Studio for Teams panel's Git section");
});

test('a wrong PAT is refused (422) with the provider’s reason; bad bodies are 400 without echoing them', async () => {
  const wrong = await save({ username: GIT_USER, pat: 'glpat-not-the-right-one' });
  expect(wrong.status).toBe(422);
  expect(wrong.body.message).toBe(`${server.host} refused the PAT: 401 Unauthorized; nothing was saved`);
  const spaced = await save({ username: GIT_USER, pat: `${PAT} ${PAT}` });
  expect(spaced.status).toBe(400);
  expect(spaced.body.message).toMatch(/^body\/pat: /);
  const extra = await save({ username: GIT_USER, pat: PAT, remember: true });
  expect(extra.status).toBe(400);
  expect(extra.body.message).toBe('body/remember: is not a known property');
  expect((await status()).body.stored).toBe(false);
});

test('saved through the route, git clone and push succeed through the helper', async () => {
  const saved = await save({ username: GIT_USER, pat: PAT });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({
    verified: true,
    status: { stored: true, gitUserName: GIT_USER, lastVerifiedAt: expect.any(String) },
  });
  expect((await status()).body).toEqual(saved.body.status);

  const dir = path.join(home.home, 'project');
  expect((await home.git(['clone', server.repoUrl, dir])).code).toBe(0);
  await fs.writeFile(path.join(dir, 'from-panel.md'), 'saved in the panel\n');
  expect((await home.git(['add', '.'], { cwd: dir })).code).toBe(0);
  expect((await home.git(['commit', '-m', 'after the panel'], { cwd: dir })).code).toBe(0);
  expect(await home.git(['push', 'origin', 'main'], { cwd: dir })).toMatchObject({ code: 0 });
  expect(server.log()[0]).toBe('after the panel|Jane Doe|jane.doe@example.com');
  expect(rawLogs.some((l) => l.includes('"msg":"git PAT saved"'))).toBe(true);
});

test('an unreachable provider: 502 unless saveUnverified, which stores it and says so', async () => {
  await server.close();
  const refused = await save({ username: GIT_USER, pat: PAT });
  expect(refused.status).toBe(502);
  expect(refused.body.message).toMatch(
    /could not be reached \([A-Z_]+\); nothing was saved \(to store the PAT without checking it, tick "Save even if the provider cannot be reached"\)$/,
  );
  const stored = await save({ username: GIT_USER, pat: PAT, saveUnverified: true });
  expect(stored.status).toBe(200);
  expect(stored.body).toMatchObject({ verified: false, status: { stored: true, lastVerifiedAt: null } });
  expect(stored.body.message).toMatch(/^Saved WITHOUT verification/);
});

test('a secret whose VERIFIED_AT is no date (edited by hand) is shown as never verified, not a 500', async () => {
  const secrets = createSecretsManagerClient({ env: studio.env, region: REGION });
  try {
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: 'gitlab-jane-doe',
        SecretString: JSON.stringify({
          GITLAB_PAT: PAT,
          GITLAB_USER_NAME: GIT_USER,
          VERIFIED_AT: 'last week',
        }),
      }),
    );
  } finally {
    secrets.destroy();
  }
  const r = await status();
  expect(r).toMatchObject({
    status: 200,
    body: { stored: true, gitUserName: GIT_USER, lastVerifiedAt: null },
  });
});

test('no answer, no log line and no file under the home holds the PAT', () => {
  expect(bodies.length).toBeGreaterThan(8);
  expect(bodies.filter((b) => b.includes(PAT))).toEqual([]);
  expect(rawLogs.length).toBeGreaterThan(8);
  expect(rawLogs.filter((l) => l.includes(PAT))).toEqual([]);
  expect(home.filesContaining(PAT)).toEqual([]);
});
