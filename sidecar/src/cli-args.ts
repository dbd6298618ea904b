import { parseArgs } from 'node:util';
import { DEFAULT_PORT, STUDIO_METADATA_FILE, type SidecarOptions } from './options';

export const USAGE = `Usage: sidecar [options]

The Studio for Teams sidecar: an HTTP API on 127.0.0.1 for the JupyterLab panel.

Options:
  --port <n>             port on 127.0.0.1 (0: any free port)
                         [env STUDIO_SIDECAR_PORT, default ${DEFAULT_PORT}]
  --token-file <path>    0600 file with the bearer token, created if absent
                         [env STUDIO_SIDECAR_TOKEN_FILE, default
                         $XDG_CONFIG_HOME/studio-teams/sidecar-token, where
                         XDG_CONFIG_HOME defaults to ~/.config]
  --metadata-file <path> Studio resource metadata
                         [env STUDIO_METADATA_FILE, default ${STUDIO_METADATA_FILE}]
  --allowed-host <h:p>   another Host header value to accept (repeatable), for a proxy that
                         forwards the browser's Host
  --cache-seconds <n>    how long one AWS listing serves the cost route [default 30]
  --price-cache <path>   where prices from the AWS Price List API are kept between runs
                         [env STUDIO_PRICE_CACHE_FILE, default ~/.cache/studio-teams/prices.json]
  --log-level <level>    fatal, error, warn, info, debug, trace or silent [default info]
  -h, --help             show this help

AWS credentials and region come from the environment (the container's role in Studio).
`;

export type ParsedArgs = { help: true } | { help: false; options: Partial<SidecarOptions> };

/** Turns argv (without node and script) into sidecar options; throws an Error with a usage message. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'token-file': { type: 'string' },
      'metadata-file': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'cache-seconds': { type: 'string' },
      'price-cache': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const portText = values.port ?? env.STUDIO_SIDECAR_PORT;
  const options: Partial<SidecarOptions> = { env };
  const mutable = options as { -readonly [K in keyof SidecarOptions]?: SidecarOptions[K] };
  if (portText !== undefined) mutable.port = integer('--port', portText, 0, 65535);
  if (values['token-file']) mutable.tokenFile = values['token-file'];
  if (values['metadata-file']) mutable.metadataFile = values['metadata-file'];
  if (values['allowed-host']) mutable.extraAllowedHosts = values['allowed-host'];
  if (values['cache-seconds'] !== undefined) {
    mutable.costCacheTtlMs = integer('--cache-seconds', values['cache-seconds'], 0, 3600) * 1000;
  }
  if (values['price-cache']) mutable.priceCacheFile = values['price-cache'];
  const level = values['log-level'];
  if (level !== undefined) {
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
      throw new Error(
        `--log-level must be one of fatal, error, warn, info, debug, trace, silent (got "${level}")`,
      );
    }
    mutable.logLevel = level;
  }
  return { help: false, options };
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  return n;
}
