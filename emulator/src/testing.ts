import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseWith, Seed } from '@studio-teams/schema';
import { startEmulator, type Faults, type RunningEmulator } from './index';
import { loginUser } from './containers/container-store';
import { seedLocalAws, type LocalAwsEnv } from './local/seed-aws';
import { REPO_ROOT, startMoto, type RunningMoto } from './moto';

export const DEMO_SEED_FILE = path.join(REPO_ROOT, 'emulator', 'seed', 'demo.json');

export function loadSeed(file: string = DEMO_SEED_FILE): Seed {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read seed file ${file}: ${(err as Error).message}`);
  }
  return parseWith(Seed, raw, `seed file ${file}`);
}

export interface TestStudioOptions {
  seed?: Seed;
  timing?: { pendingMs?: number; deletingMs?: number };
  faults?: Partial<Faults>;
  /** Validate every response against botocore (default true: tests are the place to catch drift). */
  strict?: boolean;
}

export interface TestStudio {
  /**
   * What a laptop shell would hold after `source .local/aws.env`: endpoint, region and the caller's
   * assumed-role credentials; AWS config files point at empty paths so a developer's ~/.aws is ignored.
   */
  env: Record<string, string> & LocalAwsEnv;
  emulator: RunningEmulator;
  seed: Seed;
  /** Stands for the bastion's disk: `<sandboxDir>/mnt/efs/<uid>`. */
  sandboxDir: string;
  close(): Promise<void>;
}

/**
 * A fresh local Studio for one test file: an emulator with its own state, in front of the moto the
 * jest global setup started (or a private one when run outside jest).
 */
export async function startTestStudio(opts: TestStudioOptions = {}): Promise<TestStudio> {
  const seed = opts.seed ?? loadSeed();
  let moto: RunningMoto | undefined;
  const upstreamUrl = process.env.MOTO_URL ?? (moto = await startMoto()).url;
  const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sandbox-'));
  const emulator = await startEmulator({
    upstreamUrl,
    seed,
    sandboxDir,
    timing: { pendingMs: 100, deletingMs: 100, ...opts.timing },
    strict: opts.strict ?? true,
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  const awsEnv = await seedLocalAws(emulator.url, seed);
  const env = {
    ...awsEnv,
    // As `.local/aws.env` says it: the local containers' login user (Studio's is sagemaker-user).
    SM_SSH_USER: loginUser(),
    AWS_CONFIG_FILE: path.join(sandboxDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(sandboxDir, 'no-aws-credentials'),
    HOME: sandboxDir,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  return {
    env,
    emulator,
    seed,
    sandboxDir,
    async close() {
      await emulator.close();
      await moto?.stop();
      fs.rmSync(sandboxDir, { recursive: true, force: true });
    },
  };
}
