/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>` one. Each writes
 * `bench/results/<name>.json`. Benchmarks are measurements, not tests: they never fail on a figure.
 */
import { startMoto } from '@studio-teams/emulator';

const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  'status-all': () => import('./status-all/index.js'),
  extension: () => import('./extension/index.js'),
  sidecar: () => import('./sidecar/index.js'),
  ssh: () => import('./ssh/index.js'),
  police: () => import('./police/index.js'),
  kernels: () => import('./kernels/index.js'),
  lifecycle: () => import('./lifecycle/index.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const moto = await startMoto();
  process.env.MOTO_URL = moto.url;
  try {
    for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
      console.log(`— ${name}`);
      await (await BENCHES[name]!()).run();
    }
  } finally {
    await moto.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
