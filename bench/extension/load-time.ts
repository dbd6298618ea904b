import type { Browser } from '@playwright/test';
import type { RunningJupyterLab } from '../../scripts/jupyter/launch';

/**
 * One cold load of JupyterLab in a fresh browser context (no HTTP cache, no storage): milliseconds
 * from navigation start until the application is restored, i.e. every plugin has activated and the
 * layout is back. Read from the page's own clock, so the test harness adds nothing.
 */
export async function coldLoadMs(browser: Browser, lab: RunningJupyterLab): Promise<number> {
  const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `token ${lab.token}` } });
  try {
    const page = await context.newPage();
    await page.goto(`${lab.url}lab`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => 'jupyterapp' in globalThis, undefined, { timeout: 60_000 });
    return await page.evaluate(async () => {
      await (globalThis as unknown as { jupyterapp: { restored: Promise<void> } }).jupyterapp.restored;
      return performance.now();
    });
  } finally {
    await context.close();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
