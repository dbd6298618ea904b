import fs from 'node:fs';
import { startJupyterLab } from '../../scripts/jupyter/launch';
import { snap } from './artefacts';
import { expect, test as base } from './fixtures';
import { makeKernelsHome } from './kernels-home';
import { openPanel, loadWithPanel } from './panel';

/**
 * The panel's Kernels section in a JupyterLab whose home holds a real project venv with ipykernel:
 * register it from the panel, the launcher offers it without a reload, and a notebook on it runs in
 * that environment.
 */
interface KernelsFixtures {
  kernelsHome: { home: string; venv: string; bare: string };
}

const test = base.extend<object, KernelsFixtures>({
  kernelsHome: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const made = makeKernelsHome();
      await use(made);
      fs.rmSync(made.home, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  // The fixtures' JupyterLab, with HOME pointing at the made home: the Jupyter server and the
  // sidecar it starts look for environments there (startJupyterLab passes its caller's environment on).
  lab: [
    async ({ studio, studioUser, kernelsHome }, use) => {
      const awsEnv = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
      const savedHome = process.env.HOME;
      process.env.HOME = kernelsHome.home;
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
        process.env.HOME = savedHome;
      }
      await use(lab);
      await lab.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test('register from the panel: the launcher offers the kernel without a reload and it runs in the environment', async ({
  page,
  kernelsHome,
}, testInfo) => {
  test.setTimeout(180_000);
  const asked = page.waitForRequest((r) => /\/studio-teams\/api\/kernels$/.test(r.url()));
  await page.goto();
  await asked;
  // Marks this page load: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { kernelsMarker: number }).kernelsMarker = 42));

  const panel = await openPanel(page);
  await expect(panel).toBeVisible();

  const environments = panel.getByRole('list', { name: 'Python environments' });
  const env = environments.getByRole('listitem', { name: 'galata-demo' });
  await expect(env).toContainText('Not registered');
  await expect(env).toContainText(kernelsHome.venv);

  const launcher = page.locator('.jp-Launcher');
  await expect(launcher).toBeVisible();
  const card = launcher.locator('.jp-LauncherCard[data-category="Notebook"]', { hasText: 'galata-demo' });
  await expect(card).toHaveCount(0);

  const registered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/api\/kernels\/specs$/.test(r.url()),
  );
  await env.getByRole('button', { name: 'Register a kernel for galata-demo' }).click();
  const response = await registered;
  expect(response.status(), await response.text()).toBe(200);
  await expect(env).toContainText('Registered');
  await expect(env).toContainText(/Kernel “Python 3\.\d+ \(galata-demo\)” \(galata-demo\)/);

  // The launcher picks it up from JupyterLab's refreshed kernelspecs, on the same page.
  await expect(card).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { kernelsMarker?: number }).kernelsMarker)).toBe(42);
  await snap(page, testInfo, 'kernels-registered');

  await card.click();
  await expect(page.locator('.jp-NotebookPanel')).toBeVisible();
  await expect(page.locator('.jp-Toolbar-kernelName')).toContainText('galata-demo');
  await page.notebook.setCell(0, 'code', 'import sys; print(sys.prefix)');
  await page.notebook.runCell(0);
  expect((await page.notebook.getCellTextOutput(0))?.[0]?.trim()).toBe(kernelsHome.venv);
  await snap(page, testInfo, 'kernels-notebook');

  // Unregister, after the dialog: the launcher drops it, still without a reload.
  await page.evaluate(() =>
    (
      window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }
    ).jupyterapp.commands.execute('launcher:create'),
  );
  const newLauncher = page.locator('.jp-Launcher').last();
  const newCard = newLauncher.locator('.jp-LauncherCard[data-category="Notebook"]', {
    hasText: 'galata-demo',
  });
  await expect(newCard).toHaveCount(1);
  await env.getByRole('button', { name: /^Unregister kernel Python 3\.\d+ \(galata-demo\)$/ }).click();
  await expect(page.getByRole('dialog')).toContainText('will not register it again');
  await page.getByRole('dialog').getByRole('button', { name: 'Unregister' }).click();
  await expect(env).toContainText('Not registered');
  await expect(newCard).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { kernelsMarker?: number }).kernelsMarker)).toBe(42);
});

test("install ipykernel from the panel: pip's progress, then the environment can be registered", async ({
  page,
  kernelsHome,
}) => {
  test.setTimeout(180_000);
  const panel = await loadWithPanel(page, 'kernels');
  const env = panel
    .getByRole('list', { name: 'Python environments' })
    .getByRole('listitem', { name: 'needs-kernel' });
  await expect(env).toContainText('Needs ipykernel');
  await expect(env).toContainText(kernelsHome.bare);

  await env.getByRole('button', { name: 'Install ipykernel into needs-kernel' }).click();
  // pip's own lines while it runs.
  await expect(env.getByRole('status', { name: 'ipykernel install for needs-kernel' })).toContainText(
    /pip install|Collecting|Downloading|Installing|Requirement/,
  );
  await expect(env).toContainText('Not registered', { timeout: 150_000 });
  await expect(env.getByRole('button', { name: 'Register a kernel for needs-kernel' })).toBeEnabled();
});
