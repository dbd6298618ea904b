import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** After this long, give up on slow requests and exit anyway. @default 10000 */
  readonly timeoutMs?: number;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let requests in flight finish (Fastify closes idle
 * keep-alive sockets and answers new requests on old sockets with 503), then exit. Jupyter's proxy
 * and the lifecycle script stop us this way; a second signal or the timeout exits at once.
 */
export function closeOnSignals(app: FastifyInstance, options: ShutdownOptions = {}): () => void {
  const {
    signals = ['SIGTERM', 'SIGINT'],
    timeoutMs = 10_000,
    exit = (code) => process.exit(code),
  } = options;
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    closing = true;
    app.log.info({ signal }, 'closing: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, 'requests still running after the shutdown timeout; exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        app.log.error({ err: error }, 'error while closing');
        exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
