// Starts moto in server mode from the project venv on a free loopback port and waits until it answers.
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '../..');
const MOTO_BIN = path.join(ROOT, '.venv/bin/moto_server');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch (err) {
      if (!isAlive()) throw new Error(`moto exited before answering on ${url}`);
      if (Date.now() > deadline)
        throw new Error(`moto did not answer on ${url} within ${timeoutMs} ms: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * @param {{ port?: number, logFile?: string, detached?: boolean }} [opts]
 * @returns {Promise<{ url: string, port: number, pid: number, stop: () => Promise<void> }>}
 */
async function startMoto(opts = {}) {
  if (!fs.existsSync(MOTO_BIN)) {
    throw new Error(`moto is not installed (${MOTO_BIN} is missing): run \`npm run setup\` first`);
  }
  const port = opts.port ?? (await freePort());
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(MOTO_BIN, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', out, out],
    detached: Boolean(opts.detached),
    // moto reads these to decide the account it pretends to be.
    env: { ...process.env, MOTO_ACCOUNT_ID: process.env.MOTO_ACCOUNT_ID ?? '123456789012' },
  });
  let alive = true;
  child.on('exit', () => (alive = false));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/moto-api/`, 30000, () => alive);
  return {
    url,
    port,
    pid: child.pid,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (!alive) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { startMoto, freePort, waitForHttp, ROOT };
