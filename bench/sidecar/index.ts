/**
 * The sidecar's hot path: autocannon on the cached `GET /api/cost` beside a bare Fastify route in
 * the same run. The sidecar is its bin, as the proxy starts it, over a socket in front of the local
 * Studio as jane-doe; the bare route (`GET /bare`, a small JSON) runs in a process of its own on the
 * same machine. Targets: p99 < 10 ms and at least half the bare route's requests per second.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { freePort, REPO_ROOT, startTestStudio, waitForHttp } from '@studio-teams/emulator';
import { writeResult } from '../lib/results';
import { figures, round, type Samples, type Target } from './load';

const DURATION_S = Number(process.env.BENCH_SIDECAR_SECONDS ?? 10);
/** Each side's time is cut into rounds, alternating, so a change in the machine's load hits both alike. */
const ROUNDS = 5;
const WARMUP_S = 2;
const CONNECTIONS = 8;
const TARGET_P99_MS = 10;
const TARGET_RATIO = 0.5;
type Side = 'bare' | 'cost';
const SIDES: readonly Side[] = ['bare', 'cost'];

const SIDECAR_BIN = path.join(REPO_ROOT, 'sidecar', 'dist', 'src', 'bin', 'sidecar.js');
const BARE_SERVER = path.join(__dirname, 'bare-server.js');

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `node <script> <args>` and resolves once `probe` answers. */
async function startServer(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  probe: string,
): Promise<Server> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForHttp(probe, 20_000, () => child.exitCode === null);
  } catch (error) {
    child.kill();
    throw new Error(`${path.basename(script)} did not start: ${(error as Error).message}\n${stderr}`);
  }
  return {
    url: new URL(probe).origin,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function run(): Promise<void> {
  const studio = await startTestStudio();
  const servers: Server[] = [];
  try {
    const metadataFile = path.join(studio.sandboxDir, 'resource-metadata.json');
    await fs.writeFile(
      metadataFile,
      JSON.stringify({
        DomainId: studio.emulator.domainId('datascience'),
        UserProfileName: 'jane-doe',
        AppType: 'JupyterServer',
        ResourceName: 'default',
      }),
    );
    const tokenFile = path.join(studio.sandboxDir, 'sidecar-token');
    const sidecarPort = await freePort();
    const sidecar = await startServer(
      SIDECAR_BIN,
      // One listing serves the whole run: this measures what a hundred tabs hit between refreshes.
      [
        '--port',
        String(sidecarPort),
        '--token-file',
        tokenFile,
        '--metadata-file',
        metadataFile,
        '--cache-seconds',
        '600',
      ],
      // As deployed: the container's AWS settings, the default log level (stdout to /dev/null).
      studio.env,
      `http://127.0.0.1:${sidecarPort}/api/health`,
    );
    servers.push(sidecar);
    const barePort = await freePort();
    const bare = await startServer(
      BARE_SERVER,
      [String(barePort)],
      process.env,
      `http://127.0.0.1:${barePort}/bare`,
    );
    servers.push(bare);

    const token = (await fs.readFile(tokenFile, 'utf8')).trim();
    const targets: Record<Side, Target> = {
      // What the proxy sends: the sidecar's own Host and the token.
      cost: {
        url: `${sidecar.url}/api/cost`,
        headers: { host: `127.0.0.1:${sidecarPort}`, authorization: `Bearer ${token}` },
        pid: sidecar.pid,
      },
      bare: { url: `${bare.url}/bare`, headers: { host: `127.0.0.1:${barePort}` }, pid: bare.pid },
    };

    const empty = (): Samples => ({ times: [], seconds: 0, bytes: 0, cpuMs: 0 });
    // The first cost request lists the domain; then every route's code is warm before measuring.
    for (const side of SIDES) await round(targets[side], CONNECTIONS, WARMUP_S, empty());
    const listingsBefore = studio.emulator.calls()['SageMaker.ListApps'] ?? 0;

    const samples: Record<Side, Samples> = { bare: empty(), cost: empty() };
    for (let i = 0; i < ROUNDS; i++) {
      // A different order each round, so no side always follows the same one.
      const order = i % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order) await round(targets[side], CONNECTIONS, DURATION_S / ROUNDS, samples[side]);
    }
    const listings = (studio.emulator.calls()['SageMaker.ListApps'] ?? 0) - listingsBefore;
    const cost = figures(samples.cost);
    const bareFigures = figures(samples.bare);

    const ratio = Number((cost.rps / bareFigures.rps).toFixed(3));
    writeResult('sidecar', {
      p50_ms: cost.p50_ms,
      p99_ms: cost.p99_ms,
      rps: cost.rps,
      bare_rps: bareFigures.rps,
      bare_p50_ms: bareFigures.p50_ms,
      bare_p99_ms: bareFigures.p99_ms,
      ratio,
      bytes_per_response: cost.bytes_per_response,
      bare_bytes_per_response: bareFigures.bytes_per_response,
      cpu_us_per_request: cost.cpu_us_per_request,
      bare_cpu_us_per_request: bareFigures.cpu_us_per_request,
      requests: cost.requests,
      bare_requests: bareFigures.requests,
      // Zero: every measured request was served from the cached listing.
      list_apps_calls_during_run: listings,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      targets: { p99_ms: TARGET_P99_MS, ratio: TARGET_RATIO },
      within_targets: cost.p99_ms < TARGET_P99_MS && ratio >= TARGET_RATIO,
    });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await studio.close();
  }
}
