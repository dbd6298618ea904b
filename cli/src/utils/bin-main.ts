import type { CliIo } from './io';

/**
 * What a bin file does: run the program with the real streams and environment, turn `signals` into
 * an abort of the run (a second one exits at once), and exit with the run's code.
 */
export function binMain<Extra extends object>(
  run: (argv: string[], io: CliIo & Extra) => Promise<number>,
  opts: { signals?: NodeJS.Signals[]; extra?: Extra } = {},
): void {
  // The SDK warns on every run that future versions will need Node 22; users cannot act on it here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  const controller = new AbortController();
  for (const signal of opts.signals ?? ['SIGINT']) {
    process.on(signal, () => {
      // A second Ctrl-C means "now".
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    });
  }

  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    signal: controller.signal,
    ...opts.extra,
  } as CliIo & Extra;

  run(process.argv.slice(2), io).then(
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
}
