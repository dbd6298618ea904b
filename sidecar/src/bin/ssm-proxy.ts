#!/usr/bin/env node
import { docker } from '@studio-teams/core';

/**
 * The ProxyCommand of the `Host sm-bastion` block the panel's Docker section writes: bundled next to
 * the sidecar (ssm-proxy.js), run by ssh with node. All the work is core's `docker.runSsmProxy`.
 */
const controller = new AbortController();
// ssh hangs up when it is done; the session is then terminated, not left to time out.
for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

docker
  .runSsmProxy({
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  })
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`ssm-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
