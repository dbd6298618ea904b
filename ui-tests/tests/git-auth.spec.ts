import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Response } from '@playwright/test';
import { type GitHome, makeGitHome } from '../../scripts/testing/git-client';
import { type GitServer, startGitServer } from '../../scripts/testing/git-server';
import { tagGitStudio } from '../../scripts/testing/git-studio';
import { snap } from './artefacts';
import { expect, test } from './fixtures';
import { findWheelHelper } from './git-helper-file';
import { openPanel, loadWithPanel } from './panel';

/**
 * The panel's Git section in lukas-muller's classic JupyterServer app, with git's http-backend on
 * loopback standing for GitLab (the domain tag names it): before saving, git clone through the
 * wheel's credential helper fails pointing at the panel; a wrong PAT is refused with GitLab's reason;
 * the right one is verified and saved, and git clone and push then work. The PAT is searched for in
 * every answer the page got, the JupyterLab log and the git home.
 */
test.describe.configure({ mode: 'serial' });
test.use({ studioUser: 'lukas-muller' });

const GIT_USER = 'lukas.muller';
const PAT = `glpat-${randomBytes(12).toString('hex')}`;

let server: GitServer;
let home: GitHome;

test.afterAll(async () => {
  await server?.close();
  home?.remove();
});

test('Git: nothing stored, a wrong PAT refused with the provider’s reason, the right one saved; git clone and push then work', async ({
  page,
  studio,
  lab,
}, testInfo) => {
  test.setTimeout(180_000);
  server = await startGitServer({ username: GIT_USER, pat: PAT });
  await tagGitStudio(studio.env, {
    user: 'lukas-muller',
    provider: server.url,
    gitUserName: 'Lukas Müller',
    email: 'lukas.muller@example.com',
  });
  const aws = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
  home = makeGitHome({ ...aws, STUDIO_METADATA_FILE: lab.metadataFile });
  // The credential helper exactly as the wheel installed it, registered by its own install.
  const helper = findWheelHelper(lab.stateDir);
  const installed = await home.run(process.execPath, [helper, 'install']);
  expect(installed.stderr).toBe('');
  expect(installed.code).toBe(0);

  const answers: string[] = [];
  page.on('response', (response: Response) => {
    if (response.url().includes('/studio-teams/api/'))
      void response.text().then(
        (t) => answers.push(t),
        () => undefined,
      );
  });

  const panel = await loadWithPanel(page, 'git-auth');
  const section = panel.locator('.jp-StudioTeams-GitAuth');
  await expect(section.getByText('No PAT stored')).toBeVisible();
  await expect(section.getByText(`Provider: ${server.host}`)).toBeVisible();

  const before = await home.git(['clone', server.repoUrl, path.join(home.home, 'before')]);
  expect(before.code).not.toBe(0);
  expect(before.stderr).toContain("save one in the Studio for Teams panel's Git section");

  const form = section.getByRole('form', { name: 'Save a GitLab PAT' });
  await form.getByLabel('GitLab username').fill(GIT_USER);
  await form.getByLabel('Personal access token').fill('glpat-not-the-right-one');
  await form.getByRole('button', { name: 'Test and save' }).click();
  await expect(section.getByRole('alert')).toHaveText(
    `Not saved: ${server.host} refused the PAT: 401 Unauthorized; nothing was saved`,
  );
  await expect(section.getByText('No PAT stored')).toBeVisible();
  await snap(page, testInfo, 'git-auth-refused');

  await form.getByLabel('Personal access token').fill(PAT);
  await form.getByRole('button', { name: 'Test and save' }).click();
  await expect(section.getByText(new RegExp(`^PAT stored for ${GIT_USER} · verified `))).toBeVisible();
  await expect(section.getByLabel('Last save')).toContainText(
    `${server.host} accepted the PAT of ${GIT_USER}`,
  );
  // The field is cleared once saved: the page keeps nothing of the PAT.
  await expect(section.getByLabel('Personal access token')).toHaveValue('');
  await snap(page, testInfo, 'git-auth-saved');

  const dir = path.join(home.home, 'project');
  expect((await home.git(['clone', server.repoUrl, dir])).code).toBe(0);
  fs.writeFileSync(path.join(dir, 'from-the-panel.md'), 'saved in the Git section\n');
  expect((await home.git(['add', '.'], { cwd: dir })).code).toBe(0);
  expect((await home.git(['commit', '-m', 'after the panel'], { cwd: dir })).code).toBe(0);
  expect((await home.git(['push', 'origin', 'main'], { cwd: dir })).code).toBe(0);
  expect(server.log()[0]).toBe('after the panel|Lukas Müller|lukas.muller@example.com');

  // Reloaded, the section shows the stored state from the secret, never the PAT.
  await page.reload();
  await openPanel(page);
  await expect(section.getByText(new RegExp(`^PAT stored for ${GIT_USER} · verified `))).toBeVisible();
  await expect(section.getByLabel('GitLab username')).toHaveValue(GIT_USER);

  expect(answers.some((a) => a.includes('"secretName":"gitlab-lukas-muller"'))).toBe(true);
  expect(answers.filter((a) => a.includes(PAT))).toEqual([]);
  expect(fs.readFileSync(lab.logFile, 'utf8')).not.toContain(PAT);
  expect(home.filesContaining(PAT)).toEqual([]);
  expect(await page.content()).not.toContain(PAT);
});
