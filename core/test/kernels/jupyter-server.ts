import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The project venv's jupyter-server: the server whose kernelspec listing JupyterLab shows. */
const JUPYTER_SERVER = path.resolve(__dirname, '..', '..', '..', '.venv', 'bin', 'jupyter-server');

export interface JupyterServer {
  /** Any GET of the server's API, e.g. `contents/.env`. */
  status(apiPath: string): Promise<number>;
  kernelspecs(): Promise<{ kernelspecs: Record<string, { spec: { display_name: string; argv: string[] } }> }>;
  close(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** A real Jupyter server over `home`, reading kernelspecs from `dataDir` only (plus its own venv's). */
export async function startJupyterServer(
  home: string,
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<JupyterServer> {
  const port = await freePort();
  const token = 'kernels-test-token';
  const state = await fs.mkdtemp(path.join(home, '..', 'jupyter-state-'));
  const child = spawn(
    JUPYTER_SERVER,
    [
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${home}`,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        JUPYTER_DATA_DIR: dataDir,
        JUPYTER_CONFIG_DIR: path.join(state, 'config'),
        JUPYTER_RUNTIME_DIR: path.join(state, 'runtime'),
        JUPYTER_PLATFORM_DIRS: '1',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}/api/kernelspecs`;
  const get = async () => {
    const response = await fetch(url, { headers: { authorization: `token ${token}` } });
    if (!response.ok) throw new Error(`GET /api/kernelspecs: HTTP ${response.status}`);
    return (await response.json()) as Awaited<ReturnType<JupyterServer['kernelspecs']>>;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter-server exited: ${log}`);
    try {
      await get();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`jupyter-server did not answer: ${String(error)}\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    kernelspecs: get,
    status: async (apiPath) =>
      (
        await fetch(`http://127.0.0.1:${port}/api/${apiPath}`, {
          headers: { authorization: `token ${token}` },
        })
      ).status,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await fs.rm(state, { recursive: true, force: true });
    },
  };
}
