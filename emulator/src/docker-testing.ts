import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { bundleFromSources } from './bundle-from-sources';
import { REPO_ROOT } from './moto';

/**
 * Helpers of the Docker tests (core's and the sidecar's): a fake engine on a unix socket, the
 * shipped ssm-proxy bundled from its sources, and an `ssh` that reads a given config.
 */

/**
 * A unix socket answering as a Docker engine does to `/_ping` and `/v1.x/version`, the two requests
 * `docker version` makes; `ping: false` makes it a socket that is no engine (404 everywhere).
 */
export function fakeDockerEngine(
  socketPath: string,
  options: { ping?: boolean } = {},
): Promise<{ close(): Promise<void> }> {
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((req, res) => {
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
          new Promise<void>((done) => {
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
export function bundleSsmProxy(dir: string): Promise<string> {
  return bundleFromSources(
    path.join(REPO_ROOT, 'sidecar', 'src', 'bin', 'ssm-proxy.ts'),
    path.join(dir, 'ssm-proxy.js'),
  );
}

/**
 * A folder holding an `ssh` that reads `config` (and never asks for a password): docker runs plain
 * `ssh`, which reads ~/.ssh/config from the passwd entry's home, not from HOME. Put it first on PATH.
 */
export function sshWithConfig(dir: string, config: string): string {
  const bin = path.join(dir, 'ssh-bin');
  fs.mkdirSync(bin, { recursive: true });
  const ssh = ['/usr/bin/ssh', '/usr/local/bin/ssh'].find((p) => fs.existsSync(p)) ?? 'ssh';
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(
    path.join(bin, 'ssh'),
    `#!/bin/sh\nexec ${quote(ssh)} -F ${quote(config)} -o BatchMode=yes "$@"\n`,
    {
      mode: 0o755,
    },
  );
  return bin;
}
