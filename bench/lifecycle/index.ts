/**
 * lifecycle: wall time of new Studio's JupyterLab lifecycle script with the artifacts in the bucket
 * (moto's S3 behind the local Studio's emulator, reached through the real AWS CLI), on a fresh home
 * and Python env (`first_s`: download, pip install, token, direnv…) and started again on the same
 * ones (`repeat_s`: one manifest read, every step finds its work done). Targets: <= 10 s and <= 2 s;
 * Studio's hard limit is 5 minutes. Each figure is the median of ROUNDS fresh sandboxes; the CPU time
 * and the load average go with them, since on a shared machine the wall time follows the load.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { artifactsBucketName, type LifecycleSummary } from '@studio-teams/schema';
import { writeResult } from '../lib/results';

const ROUNDS = Number(process.env.BENCH_LIFECYCLE_ROUNDS ?? 3);
const VENV = path.join(REPO_ROOT, '.venv');
const AWS = path.join(VENV, 'bin', 'aws');
const exec = promisify(execFile);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function wheel(dir: string): string {
  const dist = path.join(REPO_ROOT, 'python', 'dist');
  const find = (): string | undefined =>
    fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.whl')) : undefined;
  if (!find()) {
    console.log('building the wheel…');
    execFileSync('flock', ['/tmp/studio-teams-wheel.lock', 'npm', 'run', 'build:wheel'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  }
  const name = find();
  if (!name) throw new Error('npm run build:wheel made no wheel');
  fs.copyFileSync(path.join(dist, name), path.join(dir, name));
  return path.join(dir, name);
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** A Studio-like home and Python env of their own; the account id makes the bucket name unique. */
function sandbox(
  root: string,
  studio: TestStudio,
  round: number,
): { env: Record<string, string>; bucket: string } {
  const home = path.join(root, 'home');
  const envDir = path.join(root, 'env');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'));
  execFileSync(path.join(VENV, 'bin', 'python'), ['-m', 'venv', '--without-pip', envDir]);
  const site = (python: string): string =>
    execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
      encoding: 'utf8',
    }).trim();
  fs.writeFileSync(
    path.join(site(path.join(envDir, 'bin', 'python')), 'studio-image.pth'),
    `${site(path.join(VENV, 'bin', 'python'))}\n`,
  );
  const accountId = `9${String(Date.now() + round).slice(-11)}`;
  const region = studio.env.AWS_REGION ?? 'us-east-1';
  const domainId = studio.emulator.domainId('datascience');
  const metadata = path.join(root, 'resource-metadata.json');
  fs.writeFileSync(
    metadata,
    JSON.stringify({
      AppType: 'JupyterLab',
      DomainId: domainId,
      UserProfileName: 'jane-doe',
      ResourceArn: `arn:aws:sagemaker:${region}:${accountId}:app/${domainId}/jane-doe/JupyterLab/default`,
    }),
  );
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(AWS, path.join(bin, 'aws'));
  return {
    bucket: artifactsBucketName(accountId, region),
    env: {
      HOME: home,
      PATH: `${bin}:${path.join(envDir, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
      TMPDIR: path.join(root, 'tmp'),
      LANG: 'C.UTF-8',
      AWS_ENDPOINT_URL: studio.env.AWS_ENDPOINT_URL,
      AWS_ACCESS_KEY_ID: studio.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: studio.env.AWS_SECRET_ACCESS_KEY,
      ...(studio.env.AWS_SESSION_TOKEN ? { AWS_SESSION_TOKEN: studio.env.AWS_SESSION_TOKEN } : {}),
      AWS_REGION: region,
      AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
      STUDIO_METADATA_FILE: metadata,
      STUDIO_TEAMS_PYTHON: path.join(envDir, 'bin', 'python'),
    },
  };
}

/**
 * Wall time, and the CPU time of the script and everything it started (bash's `times` for its
 * children): on a shared machine the wall time follows the load, the CPU time much less.
 */
function timeScript(
  script: string,
  env: Record<string, string>,
): Promise<{ s: number; cpuS: number; output: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'bash "$1"; code=$?; times >&3; exit $code', 'bench', script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let times = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (times += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the lifecycle script exited ${code}:\n${output}`));
      // Second line: user and system time of the children, e.g. `0m1.234s 0m0.456s`.
      const cpuS = (times.split('\n')[1] ?? '')
        .split(' ')
        .map((t) => /(\d+)m([\d.]+)s/.exec(t))
        .reduce((sum, m) => sum + (m ? Number(m[1]) * 60 + Number(m[2]) : 0), 0);
      resolve({ s: Number(process.hrtime.bigint() - started) / 1e9, cpuS, output });
    });
  });
}

export async function run(): Promise<void> {
  execFileSync('bash', [path.join(REPO_ROOT, 'lifecycle', 'build.sh')], { stdio: 'pipe' });
  const script = path.join(REPO_ROOT, 'lifecycle', 'dist', 'jupyterlab.sh');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lifecycle-'));
  const studio = await startTestStudio();
  try {
    const whl = wheel(work);
    const direnv = onPath('direnv');
    const art = path.join(work, 'artifacts');
    await exec('bash', [
      path.join(REPO_ROOT, 'scripts', 'artifacts', 'build.sh'),
      '--wheel',
      whl,
      '--out',
      art,
      ...(direnv ? ['--direnv', direnv] : []),
    ]);
    const first: number[] = [];
    const repeat: number[] = [];
    const firstCpu: number[] = [];
    const repeatCpu: number[] = [];
    const load = os.loadavg()[0]!;
    let steps: Record<string, number> = {};
    for (let i = 0; i < ROUNDS; i++) {
      const { env, bucket } = sandbox(path.join(work, `round-${i}`), studio, i);
      await exec(AWS, ['s3', 'mb', `s3://${bucket}`], { env });
      await exec(AWS, ['s3', 'sync', '--only-show-errors', art, `s3://${bucket}/`], { env });
      const once = await timeScript(script, env);
      first.push(once.s);
      firstCpu.push(once.cpuS);
      const summaryFile = path.join(env.HOME!, '.local', 'state', 'studio-teams', 'last-start.json');
      const firstSummary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as LifecycleSummary;
      const again = await timeScript(script, env);
      repeat.push(again.s);
      repeatCpu.push(again.cpuS);
      if (!again.output.includes('done: nothing changed'))
        throw new Error(`the repeat run changed something:\n${again.output}`);
      if (i === 0) steps = Object.fromEntries(firstSummary.steps.map((s) => [s.name, s.durationMs]));
      console.log(
        `round ${i + 1}/${ROUNDS}: first ${first[i]!.toFixed(2)} s (cpu ${firstCpu[i]!.toFixed(2)} s), ` +
          `repeat ${repeat[i]!.toFixed(2)} s (cpu ${repeatCpu[i]!.toFixed(2)} s)`,
      );
    }
    writeResult('lifecycle', {
      first_s: round(median(first)),
      repeat_s: round(median(repeat)),
      target_first_s: 10,
      target_repeat_s: 2,
      first_cpu_s: round(median(firstCpu)),
      repeat_cpu_s: round(median(repeatCpu)),
      load_average_1m: round(load),
      first_samples_s: first.map((x) => round(x)),
      repeat_samples_s: repeat.map((x) => round(x)),
      first_run_step_ms: steps,
      direnv_artifact: direnv !== null,
      rounds: ROUNDS,
    });
  } finally {
    await studio.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
