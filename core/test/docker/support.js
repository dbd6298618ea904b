'use strict';
var __importDefault =
  (this && this.__importDefault) ||
  function (mod) {
    return mod && mod.__esModule ? mod : { default: mod };
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.fakeEngine = fakeEngine;
exports.bundleSsmProxy = bundleSsmProxy;
exports.sshShim = sshShim;
const node_fs_1 = __importDefault(require('node:fs'));
const node_http_1 = __importDefault(require('node:http'));
const node_path_1 = __importDefault(require('node:path'));
const esbuild_1 = require('esbuild');
const emulator_1 = require('@studio-teams/emulator');
/** Helpers of the Docker tests: a fake engine on a unix socket, and the bundled ssm-proxy. */
/**
 * A unix socket answering as a Docker engine does to `/_ping` and `/v1.x/version`, the two requests
 * `docker version` makes; `ping: false` makes it a socket that is no engine (404 everywhere).
 */
function fakeEngine(socketPath, options = {}) {
  node_fs_1.default.rmSync(socketPath, { force: true });
  const server = node_http_1.default.createServer((req, res) => {
    const url = req.url ?? '';
    if (options.ping === false) {
      res.statusCode = 404;
      res.end('{"message":"page not found"}');
      return;
    }
    res.setHeader('Api-Version', '1.47');
    res.setHeader('Ostype', 'linux');
    if (url.endsWith('/_ping')) {
      res.end('OK');
      return;
    }
    if (/\/version$/.test(url)) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          Version: '27.5.1',
          ApiVersion: '1.47',
          MinAPIVersion: '1.24',
          Os: 'linux',
          Arch: 'amd64',
          GitCommit: 'fake',
          GoVersion: 'go1.22',
          KernelVersion: '6.1',
          Platform: { Name: 'Fake Engine' },
          Components: [{ Name: 'Engine', Version: '27.5.1', Details: { ApiVersion: '1.47' } }],
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end('{"message":"page not found"}');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
/**
 * sidecar/src/bin/ssm-proxy.ts bundled as the wheel bundles it (workspace packages from their
 * sources), so the ProxyCommand under test is the shipped program and never a stale build.
 */
function bundleSsmProxy(dir) {
  const outfile = node_path_1.default.join(dir, 'ssm-proxy.js');
  (0, esbuild_1.buildSync)({
    entryPoints: [node_path_1.default.join(emulator_1.REPO_ROOT, 'sidecar', 'src', 'bin', 'ssm-proxy.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    alias: {
      '@studio-teams/core': node_path_1.default.join(emulator_1.REPO_ROOT, 'core', 'src', 'index.ts'),
      '@studio-teams/schema': node_path_1.default.join(emulator_1.REPO_ROOT, 'schema', 'src', 'index.ts'),
    },
    outfile,
  });
  return outfile;
}
/** An `ssh` first on PATH that reads the given config: docker runs plain `ssh`, which reads ~ from passwd. */
function sshShim(dir, config) {
  const bin = node_path_1.default.join(dir, 'shim-bin');
  node_fs_1.default.mkdirSync(bin, { recursive: true });
  const ssh = ['/usr/bin/ssh', '/usr/local/bin/ssh'].find((p) => node_fs_1.default.existsSync(p)) ?? 'ssh';
  node_fs_1.default.writeFileSync(
    node_path_1.default.join(bin, 'ssh'),
    `#!/bin/sh\nexec ${ssh} -F '${config}' -o BatchMode=yes "$@"\n`,
    {
      mode: 0o755,
    },
  );
  return bin;
}
//# sourceMappingURL=support.js.map
