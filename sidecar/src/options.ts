import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LONG_RUNNING_RULES, type LongRunningRules } from '@studio-teams/schema';

/** Where Studio writes the container's identity; every Studio app image has it. */
export const STUDIO_METADATA_FILE = '/opt/ml/metadata/resource-metadata.json';

/**
 * Where the bearer token is kept unless told otherwise: `$XDG_CONFIG_HOME/studio-teams/sidecar-token`,
 * `~/.config/studio-teams/sidecar-token` without it. Written at install (or first start); the
 * jupyter-server-proxy entry (`token_file_path` in server_proxy.py) resolves the same file.
 */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(configHome, 'studio-teams', 'sidecar-token');
}

export const DEFAULT_PORT = 8765;

export interface RateLimitSettings {
  /** Requests allowed per window on a route that changes something. */
  readonly max: number;
  readonly timeWindowMs: number;
}

export interface SidecarOptions {
  /**
   * The port the sidecar listens on; part of the only Host values it answers.
   * 0 means "whatever the OS gives": the Host check then uses the bound port.
   */
  readonly port: number;
  /** A 0600 file holding the bearer token; created with a random token when absent. */
  readonly tokenFile: string;
  /** Studio's resource metadata; overridden for the local demo. */
  readonly metadataFile: string;
  /**
   * Host header values accepted besides `127.0.0.1:<port>` and `localhost:<port>`, for a proxy
   * that forwards the browser's Host instead of rewriting it.
   * @default []
   */
  readonly extraAllowedHosts: readonly string[];
  /** How long one AWS listing serves every cost request. @default 30000 */
  readonly costCacheTtlMs: number;
  /**
   * Where prices fetched from the AWS Price List API are kept between runs (null: in memory only).
   * @default `$XDG_CACHE_HOME/studio-teams/prices.json`, else `~/.cache/studio-teams/prices.json`
   */
  readonly priceCacheFile: string | null;
  /** @default DEFAULT_LONG_RUNNING_RULES */
  readonly longRunningRules: LongRunningRules;
  /** @default 10 per minute */
  readonly mutationRateLimit: RateLimitSettings;
  /** The container's environment: region and credentials come from here. @default process.env */
  readonly env: NodeJS.ProcessEnv;
  /** pino level, or false for no logs at all (tests). @default 'info' */
  readonly logLevel: string | false;
  /** Where logs go instead of stdout (tests read them to find request ids). */
  readonly logStream?: { write(line: string): void };
  /** The clock; injected so uptime and cost are reproducible in tests. @default () => new Date() */
  readonly now: () => Date;
}

/** The user's cache folder, from the environment the sidecar was given (HOME of the container user). */
export function defaultPriceCacheFile(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(cacheHome, 'studio-teams', 'prices.json');
}

export function resolveOptions(given: Partial<SidecarOptions> = {}): SidecarOptions {
  const env = given.env ?? process.env;
  return {
    port: given.port ?? DEFAULT_PORT,
    // `||`, as the proxy entry does: an empty variable means unset.
    tokenFile: given.tokenFile ?? (env.STUDIO_SIDECAR_TOKEN_FILE || defaultTokenFile(env)),
    metadataFile: given.metadataFile ?? env.STUDIO_METADATA_FILE ?? STUDIO_METADATA_FILE,
    extraAllowedHosts: given.extraAllowedHosts ?? [],
    costCacheTtlMs: given.costCacheTtlMs ?? 30_000,
    priceCacheFile:
      given.priceCacheFile !== undefined
        ? given.priceCacheFile
        : env.STUDIO_PRICE_CACHE_FILE || defaultPriceCacheFile(env),
    longRunningRules: given.longRunningRules ?? DEFAULT_LONG_RUNNING_RULES,
    mutationRateLimit: given.mutationRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    env,
    logLevel: given.logLevel ?? 'info',
    ...(given.logStream ? { logStream: given.logStream } : {}),
    now: given.now ?? (() => new Date()),
  };
}
