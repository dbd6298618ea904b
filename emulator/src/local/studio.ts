import fs from 'node:fs';
import path from 'node:path';
import { loginUser } from '../containers/container-store';
import { startEmulator, type RunningEmulator } from '../index';
import { startMoto, type RunningMoto } from '../moto';
import { loadSeed } from '../testing';
import { seedLocalAws, type LocalAwsEnv } from './seed-aws';

/** The local Studio's AWS half: moto behind our emulator, seeded, with its env file written. */
export interface LocalAwsOptions {
  /** Where logs, the env file and the bastion sandbox live (`.local/`). */
  stateDir: string;
  port: number;
  seedFile: string;
  timing?: { pendingMs?: number; deletingMs?: number };
}

export interface RunningLocalAws {
  url: string;
  envFile: string;
  env: LocalAwsEnv;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function startLocalAws(opts: LocalAwsOptions): Promise<RunningLocalAws> {
  const seed = loadSeed(opts.seedFile);
  fs.mkdirSync(opts.stateDir, { recursive: true });
  const sandboxDir = path.join(opts.stateDir, 'bastion');
  // The bastion's disk is rebuilt from the seed on every start, like the emulator's state.
  fs.rmSync(sandboxDir, { recursive: true, force: true });
  fs.mkdirSync(sandboxDir, { recursive: true });

  let moto: RunningMoto | undefined;
  let emulator: RunningEmulator | undefined;
  try {
    moto = await startMoto({ logFile: path.join(opts.stateDir, 'moto.log') });
    emulator = await startEmulator({
      port: opts.port,
      upstreamUrl: moto.url,
      seed,
      sandboxDir,
      // Outside the bastion's disk, which is rebuilt at each start: the containers' host keys stay.
      homesDir: path.join(opts.stateDir, 'homes'),
      ...(opts.timing ? { timing: opts.timing } : {}),
    });
    const env = await seedLocalAws(emulator.url, seed);
    const envFile = path.join(opts.stateDir, 'aws.env');
    // The local containers' login user; `sm-ssh init` writes it where Studio's is sagemaker-user.
    writeEnvFile(envFile, { ...env, SM_SSH_USER: loginUser() });
    const running = { moto, emulator };
    return {
      url: emulator.url,
      envFile,
      env,
      emulator,
      async close() {
        fs.rmSync(envFile, { force: true });
        await running.emulator.close();
        await running.moto.stop();
      },
    };
  } catch (err) {
    await emulator?.close();
    await moto?.stop();
    throw err;
  }
}

/**
 * A file to `source`: points every AWS SDK and the AWS CLI at the local endpoint with the demo
 * caller's credentials, and unsets AWS_PROFILE so a real profile cannot take over. Written to a temp
 * file and renamed, mode 0600 (it holds credentials, even if only local ones).
 */
export function writeEnvFile(file: string, env: Record<string, string>): void {
  const lines = [
    '# Written by `npm run local:up` / `npm start`: points AWS SDKs and CLIs at the local Studio.',
    '# Use it with: source .local/aws.env',
    'unset AWS_PROFILE',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    '',
  ];
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n'), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

const shellQuote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
