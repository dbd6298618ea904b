import { expect, test } from './fixtures';
import { snap, themeColour } from './artefacts';
import { closeToCents, parseSummary, seededCost } from './seeded-cost';
import { sidecarPid, waitForExit } from './sidecar-process';

/**
 * jane-doe, as seeded in emulator/seed/demo.json: a KernelGateway on ml.t3.medium running 6 days
 * (past the 5-day t3 limit), one on ml.m5.xlarge for 8 hours, her JupyterServer, and two apps of
 * the team-forecasting space she owns. One JupyterLab for the whole file: the steps build on each
 * other (the stop changes AWS state, the last test stops the sidecar).
 */
test.describe.configure({ mode: 'serial' });

const costRequest = (url: string): boolean => /\/studio-teams\/api\/cost(\?|$)/.test(url);

test('the status item shows what the seeded user spends, red for an app past its limit', async ({
  page,
  studio,
}, testInfo) => {
  const asked = page.waitForRequest((r) => costRequest(r.url()));
  await page.goto();
  await asked;

  const item = page.getByRole('button', { name: /^Studio cost / });
  await expect(item).toBeVisible();
  const expected = seededCost(studio.seed, 'datascience', 'jane-doe');
  const shown = parseSummary(await item.innerText());
  expect(closeToCents(shown.perHour, expected.pricePerHour)).toBe(true);
  // Minutes pass between seeding and reading: a few cents at most.
  expect(Math.abs(shown.soFar - expected.costSoFar)).toBeLessThan(0.1);

  await expect(item).toHaveAttribute('data-standing', 'over-limit');
  await expect(item).toHaveAccessibleName(/an app is past its time limit$/);
  await expect(item).toHaveCSS('background-color', await themeColour(page, '--jp-error-color1'));
  await expect(item).toHaveAttribute(
    'title',
    /KernelGateway on ml\.t3\.medium: 6 d 0 h, .*\(past its 5 d limit\)/,
  );
  await snap(page, testInfo, 'status-item-red');
});

test('clicking the item opens the panel, which lists the apps with their standing', async ({
  page,
  studio,
}, testInfo) => {
  await page.goto();
  await page.getByRole('button', { name: /^Studio cost / }).click();

  const panel = page.getByRole('region', { name: 'Studio for Teams' });
  await expect(panel).toBeVisible();
  const apps = panel.getByRole('list', { name: 'Running apps' }).getByRole('listitem');
  await expect(apps).toHaveCount(seededCost(studio.seed, 'datascience', 'jane-doe').apps);
  await expect(panel.getByRole('listitem', { name: 'KernelGateway on ml.t3.medium' })).toContainText(
    'Past limit: running 6 d 0 h, past its 5 d limit',
  );
  await expect(
    panel.getByRole('listitem', { name: 'KernelGateway on ml.m5.large in space team-forecasting' }),
  ).toBeVisible();
  await snap(page, testInfo, 'panel');
});

test('Stop asks first, then really deletes the app, and panel and status item update', async ({
  page,
  studio,
}, testInfo) => {
  await page.goto();
  await page.getByRole('button', { name: /^Studio cost / }).click();
  const panel = page.getByRole('region', { name: 'Studio for Teams' });
  const t3 = panel.getByRole('listitem', { name: 'KernelGateway on ml.t3.medium' });

  await t3.getByRole('button', { name: 'Stop KernelGateway on ml.t3.medium' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Stopping deletes the app and its instance');
  // Enter must not stop an app: the safe answer has the focus.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await snap(page, testInfo, 'stop-confirmation');

  const deleted = page.waitForRequest(
    (r) => r.method() === 'DELETE' && /\/studio-teams\/api\/apps\/KernelGateway\/[^/?]+$/.test(r.url()),
  );
  await dialog.getByRole('button', { name: 'Stop app' }).click();
  const request = await deleted;
  expect((await request.response())?.status()).toBe(202);

  // The emulator, not the page, is the judge of whether the app is gone.
  const appName = decodeURIComponent(new URL(request.url()).pathname.split('/').pop() as string);
  const app = studio.emulator
    .snapshot()
    .domains.flatMap((d) => d.apps)
    .find((a) => a.appName === appName);
  expect(app?.owner).toEqual({ kind: 'user', name: 'jane-doe' });
  expect(app?.instanceType).toBe('ml.t3.medium');
  expect(['Deleting', 'Deleted']).toContain(app?.status);

  await expect(t3).toHaveCount(0);
  const item = page.getByRole('button', { name: /^Studio cost / });
  await expect(item).toHaveAttribute('data-standing', 'ok');
  const after = parseSummary(await item.innerText());
  expect(
    closeToCents(after.perHour, seededCost(studio.seed, 'datascience', 'jane-doe').pricePerHour - 0.05),
  ).toBe(true);
  await snap(page, testInfo, 'after-stop');
});

test('with the sidecar stopped the item disappears and no error dialog opens', async ({
  page,
  lab,
}, testInfo) => {
  await page.goto();
  const item = page.getByRole('button', { name: /^Studio cost / });
  await expect(item).toBeVisible();
  await page.getByRole('tab', { name: 'Studio for Teams' }).click();

  const pid = sidecarPid(lab.pid);
  expect(pid, 'the sidecar the proxy started').toBeDefined();
  process.kill(pid as number, 'SIGTERM');
  await waitForExit(pid as number);

  const failed = page.waitForResponse((r) => costRequest(r.url()));
  await page.getByRole('button', { name: 'Refresh cost' }).click();
  expect((await failed).ok()).toBe(false);

  await expect(item).toBeHidden();
  await expect(page.getByRole('region', { name: 'Studio for Teams' })).toContainText(
    'The Studio for Teams sidecar is not reachable',
  );
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await snap(page, testInfo, 'sidecar-stopped');
});
