import { expect, test } from './fixtures';
import { snap, themeColour } from './artefacts';
import { openPanel } from './panel';

/**
 * priya-patel again (amber): the item and the panel work from the keyboard and the palette, and
 * take their colours from the theme in dark mode too.
 */
test.use({ studioUser: 'priya-patel' });

test('the status item opens the panel from the keyboard', async ({ page }) => {
  await page.goto();
  const item = page.getByRole('button', { name: /^Studio cost / });
  await item.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Studio for Teams' });
  await expect(panel).toBeVisible();
  // Tab reaches each app's Stop button.
  const stop = panel.getByRole('button', { name: 'Stop JupyterLab on ml.t3.xlarge in space priya-sandbox' });
  await stop.focus();
  await expect(stop).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  // Escape cancels: nothing is stopped.
  const asked = page.waitForRequest((r) => r.method() === 'DELETE', { timeout: 1_000 }).catch(() => null);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await asked).toBeNull();
});

test('the palette opens the panel and refreshes the cost', async ({ page }) => {
  await page.goto();
  await page.keyboard.press('Control+Shift+C');
  await page.keyboard.type('Refresh Studio Cost');
  const refreshed = page.waitForRequest((r) => /\/studio-teams\/api\/cost/.test(r.url()));
  await page.keyboard.press('Enter');
  await refreshed;

  await expect(await openPanel(page)).toBeVisible();
});

test('in the dark theme the colours are the dark theme’s', async ({ page }, testInfo) => {
  await page.goto();
  await page.theme.setDarkTheme();
  const item = page.getByRole('button', { name: /^Studio cost / });
  await expect(item).toHaveCSS('background-color', await themeColour(page, '--jp-warn-color1'));
  await expect(item).toHaveCSS('color', await themeColour(page, '--jp-ui-inverse-font-color1'));
  await item.click();
  const app = page
    .getByRole('region', { name: 'Studio for Teams' })
    .getByRole('listitem', { name: 'JupyterLab on ml.t3.xlarge in space priya-sandbox' });
  await expect(app).toHaveCSS('background-color', await themeColour(page, '--jp-layout-color1'));
  await snap(page, testInfo, 'dark-theme');
  await page.theme.setLightTheme();
});
