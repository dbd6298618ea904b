#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, kernels, UserError } from '@studio-teams/core';
import type { KernelsStatus } from '@studio-teams/schema';

/**
 * `node kernels.js sync` at app start (the lifecycle scripts call it) and `list` for people: the
 * panel's Kernels section without the browser. Files only: no network, no Python started.
 */
const USAGE = `Usage: kernels <command> [options]

Jupyter kernels for the Python environments under your home (pipenv, poetry, uv, venv, conda).

Commands:
  sync                  remove the stale kernels Studio for Teams registered, then register a
                        kernel for every environment that has ipykernel and none yet (except
                        those you unregistered from the panel)
  list                  the environments and kernels found, and what each needs

Options:
  --home <dir>          where to look for environments [env HOME]
  --data-dir <dir>      Jupyter's data dir; kernels go in <dir>/kernels
                        [env JUPYTER_DATA_DIR, default ~/.local/share/jupyter]
  --max-depth <n>       how deep below the home a project's .venv may be [default 4]
  --json                machine-readable output
  -h, --help            show this help

Exit codes: 0 done, 1 something could not be registered, 2 usage error.
`;

interface Parsed {
  command: 'sync' | 'list';
  json: boolean;
  env: NodeJS.ProcessEnv;
  maxDepth: number | undefined;
}

function parse(argv: string[]): Parsed | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      home: { type: 'string' },
      'data-dir': { type: 'string' },
      'max-depth': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (command !== 'sync' && command !== 'list') {
    throw new UserError(command ? `unknown command "${command}"` : 'a command is needed', EXIT.usage);
  }
  if (rest.length > 0) throw new UserError(`unexpected argument "${rest[0]}"`, EXIT.usage);
  let maxDepth: number | undefined;
  if (values['max-depth'] !== undefined) {
    maxDepth = Number(values['max-depth']);
    if (!/^\d+$/.test(values['max-depth']) || maxDepth > 10)
      throw new UserError(
        `--max-depth must be a whole number from 0 to 10 (got "${values['max-depth']}")`,
        EXIT.usage,
      );
  }
  const env = { ...process.env };
  // Absolute, as every path the kernels get must be: a relative one would run from whatever folder
  // Jupyter starts the kernel in.
  if (values.home) env.HOME = path.resolve(values.home);
  if (values['data-dir']) env.JUPYTER_DATA_DIR = path.resolve(values['data-dir']);
  return { command, json: values.json ?? false, env, maxDepth };
}

const STATUS_TEXT: Record<KernelsStatus['environments'][number]['status'], string> = {
  registered: 'registered',
  ready: 'ready to register',
  'needs-ipykernel': 'needs ipykernel',
  broken: 'python missing',
};

function printStatus(status: KernelsStatus): void {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`kernels folder: ${status.kernelsDir}`);
  out(
    `${status.environments.length} environment(s), ${status.scan.folders} folders read in ${status.scan.ms} ms`,
  );
  for (const e of status.environments) {
    const kernelsText = e.kernels.length > 0 ? ` -> ${e.kernels.join(', ')}` : '';
    out(
      `  ${e.name} (${e.kind}, Python ${e.pythonVersion ?? '?'}): ${STATUS_TEXT[e.status]}${kernelsText}  ${e.path}`,
    );
  }
  for (const k of status.kernels.filter((x) => !x.pythonExists)) {
    out(`  stale kernel ${k.name}: ${k.python} is gone${k.managed ? '' : ' (not ours: left alone)'}`);
  }
  if (status.scan.truncated) out('  (the folder budget ran out: some folders were not looked at)');
}

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const options = {
    env: parsed.env,
    ...(parsed.maxDepth !== undefined ? { maxDepth: parsed.maxDepth } : {}),
  };
  if (parsed.command === 'list') {
    const status = await kernels.kernelsStatus(options);
    if (parsed.json) process.stdout.write(JSON.stringify(status, null, 2) + '\n');
    else printStatus(status);
    return EXIT.ok;
  }
  const result = await kernels.syncKernels(options);
  if (parsed.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    for (const r of result.registered) process.stdout.write(`registered ${r.name}: ${r.displayName}\n`);
    for (const name of result.removed) process.stdout.write(`removed stale kernel ${name}\n`);
    for (const f of result.failed) process.stderr.write(`kernels: ${f.environment}: ${f.message}\n`);
    const unchanged = result.registered.length === 0 && result.removed.length === 0;
    process.stdout.write(
      `${unchanged ? 'nothing to change' : 'done'}: ${result.status.environments.length} environment(s), ` +
        `${result.needIpykernel.length} without ipykernel, ${result.declined.length} left unregistered by choice\n`,
    );
  }
  return result.failed.length > 0 ? EXIT.failure : EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line, no stack: what went wrong is about folders and arguments the user can fix.
    const message = error instanceof Error ? error.message : String(error);
    const usage =
      (error instanceof UserError && error.exitCode === EXIT.usage) ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`kernels: ${message}\n${usage ? `\n${USAGE}` : ''}`);
    process.exit(usage ? EXIT.usage : EXIT.failure);
  },
);
