import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

/** Opens the side panel from the command palette, as a keyboard user would, and returns it. */
export async function openPanel(page: IJupyterLabPageFixture): Promise<Locator> {
  await page.keyboard.press('Control+Shift+C');
  await page.keyboard.type('Open the Studio for Teams Panel');
  await page.keyboard.press('Enter');
  return page.getByRole('region', { name: 'Studio for Teams' });
}

/**
 * Loads JupyterLab, waits until the extension has asked the sidecar for `/api/<route>` (so the
 * section's first state is on its way), then opens the panel.
 */
export async function loadWithPanel(page: IJupyterLabPageFixture, route: string): Promise<Locator> {
  const asked = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith(`/studio-teams/api/${route}`));
  await page.goto();
  await asked;
  return openPanel(page);
}
