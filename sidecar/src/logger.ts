import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
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

/**
 * One line per request instead of Fastify's two ("incoming", "completed"), and at debug for a
 * successful read: every open tab polls the cost, and a hundred tabs must not fill the log (nor
 * spend the sidecar's time writing it). Changes and failures stay at info; refusals and faults
 * also get their reason from the error handler.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) return super.requestCompleted(error, request, reply);
    const read = request.method === 'GET' || request.method === 'HEAD';
    const level = read && reply.statusCode < 400 ? 'debug' : 'info';
    reply.log[level]({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** pino's; Fastify's logger type does not name it. */
type LevelAware = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * A request's logger, made on the first line actually written. Fastify makes a child logger for
 * every request to stamp its id on each line, and pino builds it at once, redaction included: that
 * cost more than all the rest of a cached cost request. Most requests write nothing at the level
 * set (a successful poll logs at debug), so most never need it.
 */
export class LazyChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
  ) {}

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  private write(level: Level, args: unknown[]): void {
    if (!(this.made ? (this.made as LevelAware) : this.parent).isLevelEnabled(level)) return;
    const logger = this.logger();
    Reflect.apply(logger[level], logger, args);
  }

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(...args: Parameters<FastifyBaseLogger['child']>): FastifyBaseLogger {
    return this.logger().child(...args);
  }
}

/**
 * Fastify's `childLoggerFactory`. A route with a level or serializers of its own, or a logger that
 * cannot say which levels it writes, gets its child at once, as without this factory.
 */
export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => {
  const parent = logger as Partial<LevelAware>;
  if (typeof parent.isLevelEnabled !== 'function' || Object.keys(options).length > 0) {
    return logger.child(bindings, options);
  }
  return new LazyChildLogger(logger as LevelAware, bindings);
};
