import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SageMakerClient, UpdateDomainCommand } from '@aws-sdk/client-sagemaker';
import { fakeDockerEngine } from '@studio-teams/emulator';
import { startJupyterLab } from '../../scripts/jupyter/launch';
import { snap } from './artefacts';
import { expect, test as base } from './fixtures';
import { loadWithPanel } from './panel';

/**
 * The panel's Docker section in a classic app with no Docker engine: it offers only "Set up bastion";
 * setting up writes the key and the ssh block into the JupyterLab's home (a temp folder, never the
 * machine's) and makes the context sm-bastion current; then Test runs docker and shows its failure
 * as docker wrote it (no ssh here reads the generated block: ssh takes ~ from passwd, not HOME).
 */
interface DockerFixtures {
  dockerHome: string;
}

const test = base.extend<object, DockerFixtures>({
  dockerHome: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-ui-home-'));
      await use(home);
      fs.rmSync(home, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  // The fixtures' JupyterLab with HOME and DOCKER_CONFIG in the temp home: the sidecar writes there
  // (startJupyterLab passes its caller's environment on).
  lab: [
    async ({ studio, studioUser, dockerHome }, use) => {
      const awsEnv = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
      const saved = {
        HOME: process.env.HOME,
        DOCKER_CONFIG: process.env.DOCKER_CONFIG,
        STUDIO_DOCKER_SOCKET: process.env.STUDIO_DOCKER_SOCKET,
      };
      process.env.HOME = dockerHome;
      process.env.DOCKER_CONFIG = path.join(dockerHome, '.docker');
      // Where the second test's fake engine listens; nothing does during the first.
      process.env.STUDIO_DOCKER_SOCKET = path.join(dockerHome, 'engine.sock');
      let lab;
      try {
        lab = await startJupyterLab({
          awsEnv,
          identity: {
            domainId: studio.emulator.domainId('datascience'),
            userProfileName: studioUser,
            region: studio.seed.region,
            accountId: studio.seed.accountId,
          },
          install: process.env.STUDIO_TEAMS_UI_SOURCE ? { kind: 'source' } : { kind: 'wheel' },
          galata: true,
        });
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
      await use(lab);
      await lab.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});
test.describe.configure({ mode: 'serial' });
test.use({ studioUser: 'wei-zhang' });

test('Docker: only "Set up bastion" at first; setting up configures the context, then Test shows docker\'s own failure', async ({
  page,
  dockerHome,
}, testInfo) => {
  test.setTimeout(180_000);
  const panel = await loadWithPanel(page, 'docker');
  const section = panel.locator('.jp-StudioTeams-Docker');
  await expect(section.getByText('Docker not set up')).toBeVisible();
  await expect(section.getByText(/Set up the team bastion \(i-[0-9a-f]+\)/)).toBeVisible();
  await expect(section.getByRole('button', { name: 'Set up bastion' })).toBeVisible();
  await expect(section.getByRole('button', { name: 'Test' })).toHaveCount(0);
  await snap(page, testInfo, 'docker-not-set-up');

  const setUp = page.waitForResponse((r) => /\/api\/docker\/bastion$/.test(r.url()));
  await section.getByRole('button', { name: 'Set up bastion' }).click();
  const response = await setUp;
  expect(response.status(), await response.text()).toBe(200);
  await expect(section.getByText('Bastion configured (context sm-bastion)')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Set up bastion again' })).toBeVisible();
  const key = path.join(dockerHome, '.ssh', 'sm-bastion.pem');
  expect(fs.statSync(key).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(path.join(dockerHome, '.ssh', 'config'), 'utf8')).toContain('Host sm-bastion\n');
  expect(await response.text()).not.toContain('PRIVATE KEY');

  const tested = page.waitForResponse((r) => /\/api\/docker\/test$/.test(r.url()));
  await section.getByRole('button', { name: 'Test' }).click();
  expect((await tested).status()).toBe(200);
  const result = section.getByLabel('Docker test result');
  await expect(result.getByText('$ docker --context sm-bastion version')).toBeVisible();
  // docker's own words, never a stack trace.
  await expect(result.getByRole('alert')).toContainText(/ssh|docker/i, { timeout: 60_000 });
  await expect(result.getByRole('alert')).not.toContainText(/\n\s+at /);
  // ssh here reads the machine's ~/.ssh/config (passwd's home), which has no sm-bastion: the hint says so.
  await expect(result.getByText(/ssh does not know sm-bastion/)).toBeVisible();
  await result.scrollIntoViewIfNeeded();
  await snap(page, testInfo, 'docker-tested');
});

test("Studio's own Docker: the domain allows it and an engine answers; no bastion offered, Test shows the engine", async ({
  page,
  studio,
  dockerHome,
}, testInfo) => {
  const sagemaker = new SageMakerClient({
    endpoint: studio.env.AWS_ENDPOINT_URL,
    region: studio.env.AWS_REGION,
    credentials: {
      accessKeyId: studio.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: studio.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: studio.env.AWS_SESSION_TOKEN,
    },
  });
  await sagemaker.send(
    new UpdateDomainCommand({
      DomainId: studio.emulator.domainId('datascience'),
      DomainSettingsForUpdate: { DockerSettings: { EnableDockerAccess: 'ENABLED' } },
    }),
  );
  sagemaker.destroy();
  const engine = await fakeDockerEngine(path.join(dockerHome, 'engine.sock'));
  try {
    const section = (await loadWithPanel(page, 'docker')).locator('.jp-StudioTeams-Docker');
    await expect(section.getByText('Studio Docker available')).toBeVisible();
    await expect(section.getByRole('button', { name: /Set up bastion/ })).toHaveCount(0);
    await section.getByRole('button', { name: 'Test' }).click();
    const result = section.getByLabel('Docker test result');
    await expect(
      result.getByText(`$ docker --host unix://${path.join(dockerHome, 'engine.sock')} version`),
    ).toBeVisible();
    await expect(result.getByRole('status')).toHaveText(
      /^Docker Engine 27\.5\.1 \(API 1\.47, linux\/amd64\) answered in/,
    );
    await result.scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'docker-studio');
  } finally {
    await engine.close();
  }
});
