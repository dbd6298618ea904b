#!/usr/bin/env node
import { buildApp } from '../app';
import { parseCliArgs, USAGE } from '../cli-args';
import { resolveOptions } from '../options';
import { closeOnSignals } from '../shutdown';

/** Loopback only: the page reaches us through Jupyter's proxy, never directly. */
const BIND_ADDRESS = '127.0.0.1';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`sidecar: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = resolveOptions(parsed.options);
  const app = await buildApp(options);
  closeOnSignals(app);
  await app.listen({ host: BIND_ADDRESS, port: options.port });
}

main().catch((error: unknown) => {
  // One line, no stack: start-up failures are about files and ports the user can fix.
  process.stderr.write(`sidecar: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
