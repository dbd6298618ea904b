#!/usr/bin/env node
import { run } from '../run';

// The SDK warns on every run that future versions will need Node 22; users cannot act on it here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
process.on('SIGINT', () => {
  // A second Ctrl-C means "now".
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  signal: controller.signal,
}).then(
  (code) => {
    // Open sockets of the AWS SDK must not delay the exit once the work is done.
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`error: ${String(err)}\n`);
    process.exit(1);
  },
);
