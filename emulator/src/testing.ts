import { randomBytes } from 'node:crypto';
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

/** The world of the ssh tests: two people, each owning a private JupyterLab space whose app runs. */
export interface SshTestSeed {
  seed: Seed;
  /** The caller: `ana.<label><tag>`, owner of space `lab`. */
  owner: string;
  /** `bo.<label><tag>`, owner of space `bo-lab`, whom the owner must not reach. */
  other: string;
  /** Their profile names (`.` -> `-`). */
  profile: string;
  otherProfile: string;
}

/**
 * People unique to this run (a random tag after `label`), so their key parameters never meet another
 * test file's in the moto all test files share.
 */
export function sshTestSeed(label: string): SshTestSeed {
  const tag = randomBytes(3).toString('hex');
  const owner = `ana.${label}${tag}`;
  const other = `bo.${label}${tag}`;
  const profile = owner.replace('.', '-');
  const otherProfile = other.replace('.', '-');
  const seed = parseWith(
    Seed,
    {
      accountId: '123456789012',
      region: 'us-east-1',
      caller: owner,
      bastionInstanceId: 'i-0b4571011ba57e0a1',
      domains: [
        {
          name: 'datascience',
          users: [{ person: owner }, { person: other }],
          spaces: [
            { name: 'lab', owner: profile, sharing: 'Private' },
            { name: 'bo-lab', owner: otherProfile, sharing: 'Private' },
          ],
          apps: [
            { space: 'lab', type: 'JupyterLab', instanceType: 'ml.t3.medium', ageHours: 1 },
            { space: 'bo-lab', type: 'JupyterLab', instanceType: 'ml.t3.medium', ageHours: 1 },
          ],
        },
      ],
    },
    `${label} ssh test seed`,
  );
  return { seed, owner, other, profile, otherProfile };
}
