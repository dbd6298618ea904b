import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestStudio } from '@studio-teams/emulator';
import { artifactsBucketName, LIFECYCLE_FILES, type LifecycleSummary } from '@studio-teams/schema';

const run = promisify(execFile);

export const REPO = path.resolve(__dirname, '..', '..', '..');
const MAIN_VENV = path.join(REPO, '.venv');
export const AWS_CLI = path.join(MAIN_VENV, 'bin', 'aws');
export const SCRIPTS = ['jupyterlab', 'jupyter-server', 'kernel-gateway', 'code-editor'] as const;
export type ScriptName = (typeof SCRIPTS)[number];

/** lifecycle/dist/<name>.sh, rebuilt from src so a test never runs a stale script. */
export function buildScripts(): Record<ScriptName, string> {
  execFileSync('bash', [path.join(REPO, 'lifecycle', 'build.sh')], { stdio: 'pipe' });
  return Object.fromEntries(
    SCRIPTS.map((s) => [s, path.join(REPO, 'lifecycle', 'dist', `${s}.sh`)]),
  ) as Record<ScriptName, string>;
}

/**
 * The project's wheel, copied into `dir` (others rebuild python/dist at any time). Built first, under
 * the shared lock, when there is none yet (a fresh clone runs the unit tests before the UI tests).
 */
export function wheelCopy(dir: string): string {
  const find = (): string | undefined => {
    const dist = path.join(REPO, 'python', 'dist');
    const name = fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.whl')) : undefined;
    return name && path.join(dist, name);
  };
  if (!find()) {
    execFileSync('flock', ['/tmp/studio-teams-wheel.lock', 'npm', 'run', 'build:wheel'], {
      cwd: REPO,
      stdio: 'pipe',
    });
  }
  const wheel = find();
  if (!wheel) throw new Error('npm run build:wheel made no wheel in python/dist');
  const copy = path.join(dir, path.basename(wheel));
  fs.copyFileSync(wheel, copy);
  return copy;
}

/** A static direnv to ship as an artifact: the machine's (Debian package `direnv`). */
export function direnvBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, 'direnv');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('direnv is needed for the lifecycle tests: install the Debian package direnv');
}

export interface RunResult {
  code: number | null;
  output: string;
}

export interface Sandbox {
  root: string;
  home: string;
  /** The venv standing for Studio's Python environment (the Jupyter server's). */
  envDir: string;
  python: string;
  stateDir: string;
  bucket: string;
  /** The environment a script runs with; tests add or change variables. */
  vars: Record<string, string>;
  /** Runs a lifecycle script as Studio does: bash, the sandbox's environment, no terminal. */
  runScript(script: string, extra?: Record<string, string>): Promise<RunResult>;
  /** Runs a command in the sandbox's environment (the venv's jupyter, the home's direnv…). */
  exec(file: string, args: string[], extra?: Record<string, string>): Promise<string>;
  summary(): LifecycleSummary;
  /** Artifacts built by scripts/artifacts/build.sh and synced to the bucket with the AWS CLI. */
  publish(options?: {
    node?: string;
    direnv?: boolean;
    mutate?: (manifest: ManifestJson) => void;
  }): Promise<string>;
}

export interface ManifestJson {
  version: string;
  files: Record<string, { key: string; sha256: string }>;
}

/**
 * A home of its own (HOME and XDG dirs), a fake resource-metadata.json naming a fresh account (so a
 * fresh artifacts bucket in the shared moto), a venv that sees the repository's JupyterLab, and a
 * PATH with the machine's tools but without node and direnv unless asked (`withNode`).
 */
export async function makeSandbox(
  studio: TestStudio,
  wheel: string,
  opts: { withNode?: boolean } = {},
): Promise<Sandbox> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-teams-lifecycle-'));
  const home = path.join(root, 'home');
  const envDir = path.join(root, 'env');
  const bin = path.join(root, 'bin');
  const usrBin = path.join(root, 'usr-bin');
  for (const d of [home, bin, usrBin, path.join(root, 'tmp')]) fs.mkdirSync(d, { recursive: true });

  // --without-pip: the repository venv's pip (through the .pth) installs into this prefix all the same.
  execFileSync(path.join(MAIN_VENV, 'bin', 'python'), ['-m', 'venv', '--without-pip', envDir]);
  const python = path.join(envDir, 'bin', 'python');
  const site = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
    encoding: 'utf8',
  }).trim();
  const mainSite = execFileSync(
    path.join(MAIN_VENV, 'bin', 'python'),
    ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
    { encoding: 'utf8' },
  ).trim();
  fs.writeFileSync(path.join(site, 'studio-image.pth'), `${mainSite}\n`);
  // The image's `jupyter` commands, run by this env's Python so they see what was installed into it.
  for (const f of fs.readdirSync(path.join(MAIN_VENV, 'bin')).filter((f) => f.startsWith('jupyter'))) {
    const text = fs.readFileSync(path.join(MAIN_VENV, 'bin', f), 'utf8');
    if (!text.startsWith('#!')) continue;
    fs.writeFileSync(path.join(envDir, 'bin', f), text.replace(/^#!.*/, `#!${python}`), { mode: 0o755 });
  }

  const hidden = new Set(['node', 'direnv']);
  for (const f of fs.readdirSync('/usr/bin'))
    if (!hidden.has(f)) fs.symlinkSync(path.join('/usr/bin', f), path.join(usrBin, f));
  fs.symlinkSync(AWS_CLI, path.join(bin, 'aws'));
  if (opts.withNode) fs.symlinkSync(process.execPath, path.join(bin, 'node'));

  // Random: jest runs several files in one worker, and moto (with its buckets) lives for the whole run.
  const accountId = String(randomInt(100_000_000_000, 999_999_999_999));
  const region = studio.env.AWS_REGION ?? 'us-east-1';
  const domainId = studio.emulator.domainId('datascience');
  const metadataFile = path.join(root, 'resource-metadata.json');
  fs.writeFileSync(
    metadataFile,
    JSON.stringify({
      AppType: 'JupyterLab',
      DomainId: domainId,
      UserProfileName: 'jane-doe',
      ResourceArn: `arn:aws:sagemaker:${region}:${accountId}:app/${domainId}/jane-doe/JupyterLab/default`,
      ResourceName: 'default',
    }),
  );
  const vars: Record<string, string> = {
    HOME: home,
    PATH: [bin, path.join(envDir, 'bin'), usrBin].join(':'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: path.join(root, 'tmp'),
    LANG: 'C.UTF-8',
    AWS_ENDPOINT_URL: studio.env.AWS_ENDPOINT_URL,
    AWS_ACCESS_KEY_ID: studio.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: studio.env.AWS_SECRET_ACCESS_KEY,
    ...(studio.env.AWS_SESSION_TOKEN ? { AWS_SESSION_TOKEN: studio.env.AWS_SESSION_TOKEN } : {}),
    AWS_REGION: region,
    AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
    STUDIO_METADATA_FILE: metadataFile,
    STUDIO_TEAMS_PYTHON: python,
    // The image's Jupyter config: the server extensions it enables (jupyter-server-proxy, jupyterlab).
    JUPYTER_CONFIG_PATH: path.join(MAIN_VENV, 'etc', 'jupyter'),
  };
  const stateDir = path.join(home, '.local', 'state', 'studio-teams');
  const bucket = artifactsBucketName(accountId, region);

  const exec = async (file: string, args: string[], extra: Record<string, string> = {}): Promise<string> =>
    (await run(file, args, { env: { ...vars, ...extra }, encoding: 'utf8', maxBuffer: 16 << 20 })).stdout;

  return {
    root,
    home,
    envDir,
    python,
    stateDir,
    bucket,
    vars,
    exec,
    runScript: (script, extra = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn('bash', [script], {
          env: { ...vars, ...extra },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      }),
    summary: () =>
      JSON.parse(fs.readFileSync(path.join(stateDir, LIFECYCLE_FILES.summary), 'utf8')) as LifecycleSummary,
    async publish({ node, direnv = true, mutate } = {}) {
      const out = path.join(root, 'artifacts');
      const args = [path.join(REPO, 'scripts', 'artifacts', 'build.sh'), '--wheel', wheel, '--out', out];
      if (direnv) args.push('--direnv', direnvBinary());
      if (node) args.push('--node', node);
      await run('bash', args);
      const manifestFile = path.join(out, 'studio-teams', 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ManifestJson;
      if (mutate) {
        mutate(manifest);
        fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      }
      await exec(AWS_CLI, ['s3', 'mb', `s3://${bucket}`]).catch(() => undefined);
      await exec(AWS_CLI, ['s3', 'sync', '--delete', '--only-show-errors', out, `s3://${bucket}/`]);
      return manifest.version;
    },
  };
}

/** Every file under `dir` with size, mode and modification time: a second run must change none. */
export function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (skip.some((s) => p === s || p.startsWith(`${s}/`))) continue;
      const st = fs.lstatSync(p);
      files.set(p, `${st.size} ${st.mode.toString(8)} ${st.mtimeMs}`);
      if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return files;
}

export function stepsByName(summary: LifecycleSummary): Record<string, string> {
  return Object.fromEntries(summary.steps.map((s) => [s.name, s.status]));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** What bash prints when a function of the lib does not survive `export -f` or a command is missing. */
export const BASH_BREAKAGE = /syntax error|error importing function definition|command not found/;
