import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

// Galata ships its defaults as untyped CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const baseConfig: PlaywrightTestConfig = require('@jupyterlab/galata/lib/playwright-config');

// The AWS SDK's "2027 releases need Node 22" warning, once per worker: noise nobody here can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Galata's defaults, with Debian's Chromium (no browser downloads here) and artefacts kept.
 * Each worker starts its own local Studio and JupyterLab (see tests/fixtures.ts): the specs change
 * AWS state (they stop apps), so they run one at a time.
 */
export default defineConfig({
  ...baseConfig,
  testDir: './tests',
  outputDir: './test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    ...baseConfig.use,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    // Video needs Playwright's own ffmpeg build, which cannot be downloaded here.
    video: 'off',
  },
});
