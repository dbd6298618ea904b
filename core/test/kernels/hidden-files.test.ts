import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startJupyterServer } from './jupyter-server';

/**
 * The wheel's `sagemaker_studio_for_teams.hidden_files` server extension, enabled by the file it
 * installs in `etc/jupyter/jupyter_server_config.d`: with that on the config path, a real Jupyter
 * server serves hidden files (the original's manual `ContentsManager.allow_hidden = True`).
 */
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '..', '..', '..');
const SHIPPED = path.join(REPO, 'python', 'jupyter-config');

test('hidden files are served with the shipped config, and not without it', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kernels-hidden-'));
  const home = path.join(root, 'home');
  await fs.mkdir(home);
  await fs.writeFile(path.join(home, '.env'), 'PROJECT=churn\n');
  const plain = await startJupyterServer(home, path.join(root, 'data'));
  const shipped = await startJupyterServer(home, path.join(root, 'data'), {
    JUPYTER_CONFIG_PATH: SHIPPED,
    // The package the shipped file enables, from the source tree as the wheel installs it.
    PYTHONPATH: path.join(REPO, 'python'),
  });
  try {
    expect(await plain.status('contents/.env')).toBe(404);
    expect(await shipped.status('contents/.env')).toBe(200);
  } finally {
    await plain.close();
    await shipped.close();
    await fs.rm(root, { recursive: true, force: true });
  }
});
