/**
 * The extension's weight: gzipped bytes of the built labextension (target <= 60 KB) and JupyterLab's
 * load time with and without it (target <= +50 ms), side by side in one run, alternating, cold
 * browser contexts, median of REPETITIONS each. The "with" JupyterLab has the sidecar behind the
 * proxy and the local Studio behind the sidecar, so the extension's first poll is real.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { REPO_ROOT, startTestStudio } from '@studio-teams/emulator';
import type * as Launch from '../../scripts/jupyter/launch';
import type { RunningJupyterLab } from '../../scripts/jupyter/launch';
import { writeResult } from '../lib/results';
import { coldLoadMs, median } from './load-time';
import { labextensionSize } from './size';

const REPETITIONS = Number(process.env.BENCH_EXTENSION_REPETITIONS ?? 15);
const TARGET_GZIP_BYTES = 60 * 1024;
const TARGET_LOAD_DELTA_MS = 50;

/**
 * The launcher is compiled to scripts/dist/jupyter; bench/dist sits one folder deeper than the
 * bench sources, so a relative import would miss it there: it is loaded by its path instead.
 */
const loadLauncher = (): Promise<typeof Launch> =>
  import(path.join(REPO_ROOT, 'scripts', 'dist', 'jupyter', 'launch.js')) as Promise<typeof Launch>;

export async function run(): Promise<void> {
  execFileSync('bash', ['scripts/jupyter/build-extension.sh'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const size = labextensionSize(path.join(REPO_ROOT, 'python', 'sagemaker_studio_for_teams', 'labextension'));
  const { startJupyterLab } = await loadLauncher();

  const studio = await startTestStudio();
  const labs: RunningJupyterLab[] = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const awsEnv = Object.fromEntries(Object.entries(studio.env).filter(([k]) => k.startsWith('AWS_')));
    const identity = {
      domainId: studio.emulator.domainId('datascience'),
      userProfileName: 'jane-doe',
      region: studio.seed.region,
      accountId: studio.seed.accountId,
    };
    const start = (kind: 'source' | 'none'): Promise<RunningJupyterLab> =>
      startJupyterLab({ awsEnv, identity, install: { kind }, exposeApp: true }).then((lab) => {
        labs.push(lab);
        return lab;
      });
    const withExtension = await start('source');
    const without = await start('none');

    // One unmeasured load each: the servers' first requests pay for caches being filled.
    await coldLoadMs(browser, withExtension);
    await coldLoadMs(browser, without);
    const samples = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < REPETITIONS; i++) {
      // Alternate which goes first, so a drift in machine load hits both sides alike.
      const order = i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
      for (const side of order) {
        samples[side].push(await coldLoadMs(browser, side === 'with' ? withExtension : without));
      }
    }
    const loadMs = median(samples.with);
    const loadMsWithout = median(samples.without);
    // Each pair ran back to back: the median of their differences is far less sensitive to what
    // else the machine is doing than the difference of the two medians.
    const pairedDelta = median(samples.with.map((w, i) => w - (samples.without[i] as number)));
    writeResult('extension', {
      gzip_bytes: size.gzipBytes,
      load_ms: Math.round(loadMs),
      load_ms_without: Math.round(loadMsWithout),
      load_delta_ms: Math.round(pairedDelta),
      raw_bytes: size.rawBytes,
      files: size.files,
      repetitions: REPETITIONS,
      samples_ms: {
        with: samples.with.map(Math.round),
        without: samples.without.map(Math.round),
      },
      targets: { gzip_bytes: TARGET_GZIP_BYTES, load_delta_ms: TARGET_LOAD_DELTA_MS },
      within_targets: size.gzipBytes <= TARGET_GZIP_BYTES && pairedDelta <= TARGET_LOAD_DELTA_MS,
    });
  } finally {
    await browser.close();
    for (const lab of labs) await lab.close();
    await studio.close();
  }
}
