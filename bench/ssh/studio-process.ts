/**
 * The local Studio of the ssh bench in a process of its own: the emulator (and so its end of the
 * data channel) must not share an event loop with the bench that times it. Prints one JSON line
 * (the laptop's AWS environment and the emulator's URL) once it is up, then runs until SIGTERM.
 */
import { parseWith, Seed } from '@studio-teams/schema';
import { startTestStudio } from '@studio-teams/emulator';

export interface StudioProcessReady {
  env: Record<string, string>;
  emulatorUrl: string;
  sandboxDir: string;
}

export const BENCH_PERSON = 'ana.bench';
export const BENCH_PROFILE = 'ana-bench';
export const BENCH_SPACE = 'lab';

const seed = parseWith(
  Seed,
  {
    accountId: '123456789012',
    region: 'us-east-1',
    caller: BENCH_PERSON,
    bastionInstanceId: 'i-0b4571011ba57e0a1',
    domains: [
      {
        name: 'datascience',
        users: [{ person: BENCH_PERSON }],
        spaces: [{ name: BENCH_SPACE, owner: BENCH_PROFILE, sharing: 'Private' }],
        apps: [{ space: BENCH_SPACE, type: 'JupyterLab', instanceType: 'ml.t3.large', ageHours: 1 }],
      },
    ],
  },
  'ssh bench seed',
);

async function main(): Promise<void> {
  // The default checks every response against botocore: right for tests, noise for a measurement.
  const studio = await startTestStudio({ seed, strict: false, timing: { pendingMs: 300, deletingMs: 100 } });
  const ready: StudioProcessReady = {
    env: studio.env,
    emulatorUrl: studio.emulator.url,
    sandboxDir: studio.sandboxDir,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () => void studio.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
