import { test as base } from '@jupyterlab/galata';
import { startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { startJupyterLab, type RunningJupyterLab } from '../../scripts/jupyter/launch';

export { expect } from '@jupyterlab/galata';

interface WorkerFixtures {
  /** Whose JupyterLab it is; a spec picks the seeded user whose apps it needs. */
  studioUser: string;
  /** The local Studio seeded from emulator/seed/demo.json: moto behind our emulator. */
  studio: TestStudio;
  /** A real JupyterLab with the wheel installed, its sidecar pointed at `studio`. */
  lab: RunningJupyterLab;
}

/**
 * Galata's test, in front of a local Studio and a JupyterLab of our own per worker (rather than
 * Playwright's `webServer`): specs need the emulator's state, the Jupyter server's process (to stop
 * the sidecar) and a different seeded user, none of which a shared web server can give.
 */
export const test = base.extend<object, WorkerFixtures>({
  studioUser: ['jane-doe', { option: true, scope: 'worker' }],
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      // Deleting lasts long enough for the test to see it, short enough not to wait for it.
      const studio = await startTestStudio({ timing: { pendingMs: 500, deletingMs: 2_000 } });
      await use(studio);
      await studio.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  lab: [
    async ({ studio, studioUser }, use) => {
      const awsEnv = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
      const lab = await startJupyterLab({
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
      await use(lab);
      await lab.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ lab }, use) => use(lab.url.replace(/\/$/, '')),
  // Jupyter's token on every request of the page and of Galata's API helpers, as a logged-in
  // browser would hold it; the sidecar's own token is added by the proxy, never by the page.
  extraHTTPHeaders: async ({ lab }, use) => use({ Authorization: `token ${lab.token}` }),
  // Each test loads the page itself, after arming `waitForRequest`.
  autoGoto: false,
  // Galata's kernel tracker intercepts every URL holding `/api/kernels`, the sidecar's Kernels routes
  // (`studio-teams/api/kernels…`) included, and fails on their answers; each worker's JupyterLab is
  // closed with its kernels anyway, so they are not tracked.
  // eslint-disable-next-line no-empty-pattern
  kernels: async ({}, use) => use(null),
});
