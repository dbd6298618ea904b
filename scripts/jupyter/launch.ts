import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  builtWheel,
  PYTHON,
  REPO_ROOT,
  SOURCE_LABEXTENSION,
  SOURCE_PYTHON_PACKAGE_DIR,
  VENV_BIN,
} from './paths';
import { writeStudioMetadata, type StudioIdentity } from './studio-metadata';

/**
 * How the Studio for Teams package is put in front of JupyterLab:
 * - `wheel`: the built wheel, pip-installed into a private prefix, as Studio installs it;
 * - `source`: the built labextension and the Python package straight from the source tree (no
 *   wheel build needed), the proxy entry configured in a config file instead of an entry point;
 * - `none`: a plain JupyterLab, the baseline of the load-time benchmark.
 * None of them touches the project venv, which other work shares.
 */
export type Install = { kind: 'wheel'; wheel?: string } | { kind: 'source' } | { kind: 'none' };

export interface JupyterLabOptions {
  /** AWS_* variables for the sidecar: endpoint, region and credentials of the local Studio. */
  awsEnv: Record<string, string>;
  /** Who the sidecar acts for (its resource-metadata.json). */
  identity: StudioIdentity;
  /** @default { kind: 'wheel' } with python/dist's wheel */
  install?: Install;
  /** @default a free loopback port */
  port?: number;
  /** Jupyter's token. @default a random one */
  token?: string;
  /** Config, runtime data, notebooks and logs. @default a new temporary folder, removed on close */
  stateDir?: string;
  /** Add Galata's in-page helpers (and expose the app object) for UI tests. @default false */
  galata?: boolean;
  /** Expose the app object as `window.jupyterapp` (benchmarks wait for `jupyterapp.restored`). @default false */
  exposeApp?: boolean;
  /**
   * HOME of the Jupyter server and the sidecar: stands for the user's EFS home in Studio, where the
   * panel's actions write (~/.ssh/config, ~/.gitconfig, the docker context, kernelspecs).
   * @default the caller's HOME
   */
  home?: string;
  /** @default 60 s */
  startTimeoutMs?: number;
}

export interface RunningJupyterLab {
  /** The server's base URL, ending in `/`. */
  url: string;
  /** What a person opens: the lab with the token, which logs the browser in. */
  labUrl: string;
  token: string;
  port: number;
  /** The Jupyter server process; the sidecar is started by it, as its child. */
  pid: number;
  stateDir: string;
  /** ServerApp.root_dir: the file browser's folder. */
  rootDir: string;
  metadataFile: string;
  tokenFile: string;
  logFile: string;
  close(): Promise<void>;
}

/** Starts JupyterLab from the project venv and resolves once its API answers. */
export async function startJupyterLab(options: JupyterLabOptions): Promise<RunningJupyterLab> {
  const ownsState = options.stateDir === undefined;
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'studio-jupyter-'));
  const dir = (name: string): string => {
    const p = path.join(stateDir, name);
    fs.mkdirSync(p, { recursive: true, mode: 0o700 });
    return p;
  };
  const rootDir = dir('notebooks');
  const configDir = dir('config');
  const metadataFile = path.join(stateDir, 'resource-metadata.json');
  const tokenFile = path.join(dir('secrets'), 'sidecar-token');
  const logFile = path.join(stateDir, 'jupyter.log');
  writeStudioMetadata(metadataFile, options.identity);

  const install = options.install ?? { kind: 'wheel' };
  const placed =
    install.kind === 'wheel'
      ? installWheel(install.wheel ?? builtWheel(), dir('prefix'))
      : install.kind === 'source'
        ? placeSource(dir('share'), configDir)
        : { env: {} };

  const port = options.port ?? (await freePort());
  const token = options.token ?? randomBytes(24).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...withoutAws(process.env),
    ...awsDefaults(stateDir),
    ...options.awsEnv,
    ...placed.env,
    ...(options.home !== undefined ? { HOME: ensureDir(options.home) } : {}),
    STUDIO_METADATA_FILE: metadataFile,
    STUDIO_SIDECAR_TOKEN_FILE: tokenFile,
    // The sidecar runs on this very Node, whatever the PATH of the caller.
    STUDIO_TEAMS_NODE: process.execPath,
    PATH: `${VENV_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    // A developer's own ~/.jupyter must not change what is tested.
    JUPYTER_CONFIG_DIR: configDir,
    JUPYTER_DATA_DIR: dir('data'),
    JUPYTER_RUNTIME_DIR: dir('runtime'),
    JUPYTER_PLATFORM_DIRS: '1',
  };
  const args = [
    '--no-browser',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    `--LabApp.workspaces_dir=${dir('workspaces')}`,
    `--LabApp.user_settings_dir=${dir('user-settings')}`,
    // Nothing here should reach out: no news feed, no PyPI look-ups for the extension manager.
    '--LabApp.news_url=',
    '--LabApp.extension_manager=readonly',
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ...(options.galata ? galataArgs() : []),
    ...(options.exposeApp && !options.galata ? ['--LabApp.expose_app_in_browser=True'] : []),
  ];
  const log = fs.openSync(logFile, 'a');
  // Its own process group, so close() also ends the sidecar the server started.
  const child = spawn(path.join(VENV_BIN, 'jupyter-lab'), args, {
    cwd: rootDir,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('JupyterLab did not start');
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));

  const url = `http://127.0.0.1:${port}/`;
  const close = async (): Promise<void> => {
    await stopGroup(pid, () => exited !== undefined);
    if (ownsState) fs.rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForJupyter(url, token, options.startTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    await close();
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail}`);
  }
  return {
    url,
    labUrl: `${url}lab?token=${token}`,
    token,
    port,
    pid,
    stateDir,
    rootDir,
    metadataFile,
    tokenFile,
    logFile,
    close,
  };
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

interface Placement {
  env: Record<string, string>;
}

/** `pip install --prefix`: the wheel's files land as in a real environment, outside the venv. */
function installWheel(wheel: string, prefix: string): Placement {
  execFileSync(
    PYTHON,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-deps',
      '--no-index',
      '--force-reinstall',
      '--prefix',
      prefix,
      wheel,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const sitePackages = execFileSync(PYTHON, [
    '-c',
    'import sys, sysconfig; print(sysconfig.get_path("purelib", vars={"base": sys.argv[1], "platbase": sys.argv[1]}))',
    prefix,
  ])
    .toString()
    .trim();
  return {
    env: {
      // Entry points (jupyter_serverproxy_servers) are found through sys.path.
      PYTHONPATH: sitePackages,
      // Labextensions are found in <JUPYTER_PATH entry>/labextensions.
      JUPYTER_PATH: path.join(prefix, 'share', 'jupyter'),
    },
  };
}

/** The source tree in place of the wheel: a symlinked labextension and a config-file proxy entry. */
function placeSource(share: string, configDir: string): Placement {
  if (!fs.existsSync(path.join(SOURCE_LABEXTENSION, 'package.json'))) {
    throw new Error(`no built labextension in ${SOURCE_LABEXTENSION}: run \`npm run build:python-assets\``);
  }
  const target = path.join(share, 'labextensions', '@studio-teams', 'extension');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // A kept state folder (npm start's) already has the link from the last run.
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(SOURCE_LABEXTENSION, target);
  fs.writeFileSync(
    path.join(configDir, 'jupyter_server_config.py'),
    [
      '# Written by scripts/jupyter/launch.ts: the wheel’s entry point, from the source tree.',
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(SOURCE_PYTHON_PACKAGE_DIR)})`,
      'from sagemaker_studio_for_teams.server_proxy import SERVER_NAME, setup_sidecar',
      'c.ServerProxy.servers = {SERVER_NAME: setup_sidecar()}',
      '',
    ].join('\n'),
  );
  return { env: { JUPYTER_PATH: share } };
}

function galataArgs(): string[] {
  const galataDir = execFileSync(PYTHON, [
    '-c',
    'import jupyterlab.galata as g, os; print(os.path.dirname(g.__file__))',
  ])
    .toString()
    .trim();
  return [`--LabServerApp.extra_labextensions_path=${galataDir}`, '--LabApp.expose_app_in_browser=True'];
}

/** The caller's AWS_* settings (a real profile, say) must not leak into the local Studio. */
function withoutAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));
}

/** Config and credential files that do not exist, so only the given variables count. */
function awsDefaults(stateDir: string): Record<string, string> {
  return {
    AWS_CONFIG_FILE: path.join(stateDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, 'no-aws-credentials'),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForJupyter(
  url: string,
  token: string,
  timeoutMs: number,
  exitCode: () => number | null | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`JupyterLab exited with code ${exitCode()} while starting`);
    try {
      const response = await fetch(`${url}api/status`, { headers: { authorization: `token ${token}` } });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`JupyterLab did not answer on ${url} within ${timeoutMs} ms`);
}

/** SIGTERM to the group (Jupyter shuts its kernels down), SIGKILL for whatever is left after 10 s. */
async function stopGroup(pid: number, hasExited: () => boolean): Promise<void> {
  // Signal 0 only asks whether any process of the group is left.
  const signal = (s: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, s);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (hasExited() && !signal(0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signal('SIGKILL');
}

export { REPO_ROOT };
