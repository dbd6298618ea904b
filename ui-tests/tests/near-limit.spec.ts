import { galata } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import { snap, themeColour } from './artefacts';
import { closeToCents, parseSummary, seededCost } from './seeded-cost';

/**
 * priya-patel, as seeded: her JupyterServer and the priya-sandbox space's JupyterLab on
 * ml.t3.xlarge, 100 hours (4 d 4 h) into its 120-hour limit (past the 80% mark): amber, not red.
 */
test.use({ studioUser: 'priya-patel' });

test('an app near its limit turns the status item amber', async ({ page, studio }, testInfo) => {
  const asked = page.waitForRequest((r) => /\/studio-teams\/api\/cost/.test(r.url()));
  await page.goto();
  await asked;

  const item = page.getByRole('button', { name: /^Studio cost / });
  const expected = seededCost(studio.seed, 'datascience', 'priya-patel');
  expect(closeToCents(parseSummary(await item.innerText()).perHour, expected.pricePerHour)).toBe(true);
  await expect(item).toHaveAttribute('data-standing', 'near-limit');
  await expect(item).toHaveAccessibleName(/an app is near its time limit$/);
  await expect(item).toHaveCSS('background-color', await themeColour(page, '--jp-warn-color1'));
  await expect(item).toHaveAttribute(
    'title',
    /JupyterLab on ml\.t3\.xlarge in space priya-sandbox: 4 d 4 h, .*near its 5 d limit/,
  );
  await snap(page, testInfo, 'status-item-amber');
});

test.describe('with near-limit warnings turned off in the settings', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      '@studio-teams/extension:cost': { showNearLimitWarnings: false },
    },
  });

  test('the same app leaves the item uncoloured', async ({ page }, testInfo) => {
    await page.goto();
    const item = page.getByRole('button', { name: /^Studio cost / });
    await expect(item).toBeVisible();
    await expect(item).toHaveAttribute('data-standing', 'ok');
    await snap(page, testInfo, 'status-item-warnings-off');
  });
});
