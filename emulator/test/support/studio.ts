import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Seed } from '@studio-teams/schema';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { clientConfig, FakeClock, smallSeed, tempDir } from './harness';

export interface Studio {
  emulator: RunningEmulator;
  sm: SageMakerClient;
  ssm: SSMClient;
  clock: FakeClock;
  sandbox: string;
  domainId: string;
  close(): Promise<void>;
}

/** An emulator on a fake clock in strict mode, with SDK clients that do not retry. */
export async function startStudio(
  seed: Seed = smallSeed(),
  options: Partial<EmulatorOptions> = {},
): Promise<Studio> {
  const dir = tempDir();
  const clock = new FakeClock();
  const emulator = await startEmulator({
    sandboxDir: dir.path,
    seed,
    strict: true,
    now: clock.now,
    timing: { pendingMs: 3000, deletingMs: 2000 },
    ...options,
  });
  const sm = new SageMakerClient(clientConfig(emulator.url, { maxAttempts: 1 }));
  const ssm = new SSMClient(clientConfig(emulator.url, { maxAttempts: 1 }));
  return {
    emulator,
    sm,
    ssm,
    clock,
    sandbox: dir.path,
    domainId: emulator.domainId(seed.domains[0]?.name ?? ''),
    close: async () => {
      sm.destroy();
      ssm.destroy();
      await emulator.close();
      dir.remove();
    },
  };
}
