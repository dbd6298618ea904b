/**
 * sm-ssh: cold start of `sm-ssh --help` (target <= 150 ms) beside `node -e 0`; command to remote
 * `true` exiting through `sm-ssh proxy` on loopback; and scp of a 50 MB file up and down through the
 * data channel beside the same scp straight to the container's sshd (target ratio >= 0.5), in
 * alternating rounds, with the same figures minus each path's connection setup. The local
 * Studio (emulator in front of moto) runs in processes of its own; the bench only starts programs
 * and times them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loginUser, REPO_ROOT } from '@studio-teams/emulator';
import { writeResult } from '../lib/results';
import { BENCH_SPACE, type StudioProcessReady } from './studio-process';

const SM_SSH = path.join(REPO_ROOT, 'cli', 'dist', 'src', 'bin', 'sm-ssh.js');
const STUDIO_PROCESS = path.join(__dirname, 'studio-process.js');
const HELP_RUNS = 11;
const CONNECT_RUNS = 7;
const SCP_MB = Number(process.env.BENCH_SSH_MB ?? 50);
const SCP_ROUNDS = Number(process.env.BENCH_SSH_ROUNDS ?? 5);
/** Every program the bench starts is killed after this, so a hung channel cannot hang the run. */
const STEP_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

async function mustRun(what: string, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const r = await runProgram(file, args, env);
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

async function medianMs(runs: number, once: () => Promise<Run>): Promise<number> {
  await once(); // warm the file cache: "cold" means a new process, not a cold disk
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await once()).ms);
  return round(median(times));
}

/** Starts the local Studio in its own process and waits for its line. */
async function startStudioProcess(): Promise<{ ready: StudioProcessReady; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [STUDIO_PROCESS], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const ready = await new Promise<StudioProcessReady>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the local Studio did not start:\n${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as StudioProcessReady);
      }
    });
    child.on('exit', (code) => reject(new Error(`the local Studio exited ${code}:\n${stderr}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { ready, stop };
}

interface ContainerInfo {
  kind: string;
  target: string;
  home: string;
  sshd?: { port: number } | null;
}

async function containerOf(emulatorUrl: string, space: string): Promise<ContainerInfo> {
  const res = await fetch(`${emulatorUrl}/_emulator/state`);
  const state = (await res.json()) as { ssh: { containers: ContainerInfo[] } };
  const found = state.ssh.containers.find((c) => c.kind === 'space' && c.target.endsWith(`/${space}`));
  if (!found?.sshd) throw new Error(`the emulator has no running container for space ${space}`);
  return found;
}

export async function run(): Promise<void> {
  const nodeEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const node_ms = await medianMs(HELP_RUNS, () => runProgram(process.execPath, ['-e', '0'], nodeEnv));
  const help_ms = await medianMs(HELP_RUNS, () =>
    mustRun('sm-ssh --help', process.execPath, [SM_SSH, '--help'], nodeEnv),
  );
  console.log(`node_ms ${node_ms}, help_ms ${help_ms}`);

  const studio = await startStudioProcess();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ssh-'));
  try {
    const config = path.join(home, 'ssh_config');
    fs.writeFileSync(
      config,
      [
        `UserKnownHostsFile ${path.join(home, 'known_hosts')}`,
        'GlobalKnownHostsFile /dev/null',
        'BatchMode yes',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    const user = loginUser();
    const env: NodeJS.ProcessEnv = {
      ...studio.ready.env,
      HOME: home,
      SM_SSH_USER: user,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const sm = (what: string, args: string[]) => mustRun(what, process.execPath, [SM_SSH, ...args], env);
    await sm('sm-ssh init', ['init', '--yes', '--ssh-config', config]);
    // Remote access on and the app restarted to pick it up, as a user would do it.
    await sm('sm-ssh connect --enable-remote-access', [
      'connect',
      BENCH_SPACE,
      '--ssh-config',
      config,
      '--enable-remote-access',
      '--yes',
      '--',
      'true',
    ]);
    const host = `sm-${BENCH_SPACE}`;
    const connect_ms = await medianMs(CONNECT_RUNS, () =>
      mustRun('ssh true', 'ssh', ['-F', config, host, 'true'], env),
    );
    console.log(`connect_ms ${connect_ms}`);

    const local = path.join(home, 'payload.bin');
    const fd = fs.openSync(local, 'w');
    for (let i = 0; i < SCP_MB; i++) fs.writeSync(fd, randomBytes(1024 * 1024));
    fs.closeSync(fd);
    const container = await containerOf(studio.ready.emulatorUrl, BENCH_SPACE);
    // Straight to the container's sshd with the same key: what the data channel is compared with.
    const directOptions = [
      '-o',
      'BatchMode=yes',
      '-o',
      'LogLevel=ERROR',
      '-o',
      `UserKnownHostsFile=${path.join(home, 'known_hosts_direct')}`,
      '-o',
      'StrictHostKeyChecking=accept-new',
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      path.join(home, '.ssh', 'id_ed25519'),
    ];
    const direct_connect_ms = await medianMs(CONNECT_RUNS, () =>
      mustRun(
        'direct ssh true',
        'ssh',
        [
          '-F',
          '/dev/null',
          '-p',
          String(container.sshd!.port),
          ...directOptions,
          `${user}@127.0.0.1`,
          'true',
        ],
        env,
      ),
    );
    console.log(`direct_connect_ms ${direct_connect_ms}`);
    const viaScp = (from: string, to: string) => mustRun('scp', 'scp', ['-F', config, from, to], env);
    const directScp = (from: string, to: string) =>
      mustRun(
        'direct scp',
        'scp',
        ['-F', '/dev/null', '-P', String(container.sshd!.port), ...directOptions, from, to],
        env,
      );

    // Rounds alternate the two paths, so a busy moment of the machine does not land on one path only;
    // each figure is the median over the rounds.
    const times = {
      up: [] as number[],
      down: [] as number[],
      directUp: [] as number[],
      directDown: [] as number[],
    };
    for (let i = 0; i < SCP_ROUNDS; i++) {
      times.up.push((await viaScp(local, `${host}:payload.bin`)).ms);
      times.down.push((await viaScp(`${host}:payload.bin`, `${local}.back`)).ms);
      times.directUp.push((await directScp(local, `${user}@127.0.0.1:direct.bin`)).ms);
      times.directDown.push((await directScp(`${user}@127.0.0.1:direct.bin`, `${local}.direct`)).ms);
      console.log(
        `scp round ${i + 1}: up ${round(times.up[i]!)} ms, down ${round(times.down[i]!)} ms; ` +
          `direct up ${round(times.directUp[i]!)} ms, down ${round(times.directDown[i]!)} ms`,
      );
    }
    const up = median(times.up);
    const down = median(times.down);
    const dUp = median(times.directUp);
    const dDown = median(times.directDown);
    const scp_mb_s = round((2 * SCP_MB) / ((up + down) / 1000));
    const direct_scp_mb_s = round((2 * SCP_MB) / ((dUp + dDown) / 1000));
    // The same without each path's connection setup (its median `ssh true`): the data channel's
    // throughput proper, next to `connect_ms - direct_connect_ms`, what `sm-ssh proxy` adds per connection.
    const transfer_mb_s = round((2 * SCP_MB) / ((up + down - 2 * connect_ms) / 1000));
    const direct_transfer_mb_s = round((2 * SCP_MB) / ((dUp + dDown - 2 * direct_connect_ms) / 1000));
    const same = ['back', 'direct'].every((ext) => sameBytes(local, `${local}.${ext}`));
    for (const f of ['payload.bin', 'direct.bin']) fs.rmSync(path.join(container.home, f), { force: true });

    writeResult('ssh', {
      help_ms,
      node_ms,
      help_target_ms: 150,
      // What sm-ssh adds to Node's own start: help_ms alone moves with the host (node_ms 60–125 ms).
      help_over_node_ms: round(help_ms - node_ms),
      connect_ms,
      scp_mb_s,
      direct_scp_mb_s,
      ratio: round(scp_mb_s / direct_scp_mb_s, 2),
      ratio_target: 0.5,
      direct_connect_ms,
      transfer_mb_s,
      direct_transfer_mb_s,
      transfer_ratio: round(transfer_mb_s / direct_transfer_mb_s, 2),
      scp: {
        mb: SCP_MB,
        up_ms: round(up),
        down_ms: round(down),
        direct_up_ms: round(dUp),
        direct_down_ms: round(dDown),
        checksums_equal: same,
      },
      runs: { help: HELP_RUNS, connect: CONNECT_RUNS, scp_rounds: SCP_ROUNDS },
      setup:
        'emulator and moto in processes of their own; ssh -F <sm-ssh init config> through the built sm-ssh proxy',
      node: process.version,
      ssh: spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim(),
      cpus: os.cpus().length,
    });
  } finally {
    await studio.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function sameBytes(a: string, b: string): boolean {
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}
