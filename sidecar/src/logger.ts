import type { FastifyServerOptions } from 'fastify';
import type { SidecarOptions } from './options';

/**
 * Every key that may hold a credential, at the depths our log lines reach. pino's redaction
 * needs explicit paths (a wildcard matches one level), so the list is spelled out.
 */
const SECRET_KEYS = ['token', 'secret', 'pat', 'password', 'authorization'];
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function loggerOptions(options: SidecarOptions): FastifyServerOptions['logger'] {
  if (options.logLevel === false) return false;
  return {
    level: options.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
}
