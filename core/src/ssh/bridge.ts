/**
 * `sm-ssh proxy`'s work once a session is open: the data channel on one side, ssh's pipes on the
 * other. ssh writes the connection into our stdin and reads it from our stdout, so nothing else may
 * ever be written there.
 */
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../errors';
import { connectClientSession } from '../ssm-session/connect-client-session';
import type { ClientSessionInfo } from '../ssm-session/client-session';
import { PLUGIN_PAYLOAD_SIZE, type SessionEnd } from '../ssm-session/session-options';
import type { OpenedSession } from './start-session';

/**
 * Frames larger than the plugin's 1 KB are much faster, but AWS is only known to accept 1 KB; our
 * own agent end (the local Studio, always on loopback) takes anything.
 */
export const LOOPBACK_PAYLOAD_SIZE = 65536;

export function payloadSizeFor(streamUrl: string): number {
  let host: string;
  try {
    host = new URL(streamUrl).hostname;
  } catch {
    return PLUGIN_PAYLOAD_SIZE;
  }
  const loopback = host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  return loopback ? LOOPBACK_PAYLOAD_SIZE : PLUGIN_PAYLOAD_SIZE;
}

export interface BridgeOptions {
  input: Readable;
  output: Writable;
  /** Aborted when ssh hangs up (SIGHUP) or on Ctrl-C: the session is terminated, not left open. */
  signal?: AbortSignal | undefined;
  /** Overrides payloadSizeFor(streamUrl). */
  maxPayloadSize?: number | undefined;
  debug?: ((line: string) => void) | undefined;
  /** Called once the handshake is done, before any byte flows. */
  onReady?: ((info: ClientSessionInfo) => void) | undefined;
  /** How long terminating may take before we give up on the acknowledgement. @default 3000 */
  terminateTimeoutMs?: number;
}

/**
 * Connects to the session's stream URL, waits for the handshake, then carries bytes both ways until
 * either side ends. Resolves with how the session ended; a failure (the channel would not open, the
 * agent could not reach sshd, …) rejects with a one-line UserError.
 */
export async function bridgeSession(session: OpenedSession, opts: BridgeOptions): Promise<SessionEnd> {
  const { input, output, signal } = opts;
  if (signal?.aborted) return { reason: 'terminated' };
  let client;
  try {
    client = await connectClientSession(session.streamUrl, {
      tokenValue: session.tokenValue,
      maxPayloadSize: opts.maxPayloadSize ?? payloadSizeFor(session.streamUrl),
      ...(opts.debug ? { debug: opts.debug } : {}),
    });
  } catch (err) {
    throw new UserError((err as Error).message, undefined, { cause: err });
  }
  const terminate = () => {
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, opts.terminateTimeoutMs ?? 3000).unref(),
    );
    return Promise.race([client.terminate(), timeout]);
  };
  const onAbort = () => void terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const info = await Promise.race([
      client.ready,
      new Promise<never>((_, reject) =>
        signal?.addEventListener('abort', () => reject(new InterruptedBridge()), { once: true }),
      ),
    ]);
    opts.onReady?.(info);
  } catch (err) {
    if (err instanceof InterruptedBridge) {
      await terminate();
      return { reason: 'terminated' };
    }
    client.destroy();
    throw err;
  }

  // Everything the session delivered must reach ssh before we return (and the process exits).
  const drained = new Promise<void>((resolve) => {
    client.once('end', resolve);
    client.once('close', resolve);
  });
  // ssh closing our stdout (it exited) is the end of the connection, not a crash.
  const onStreamError = () => void terminate();
  output.on('error', onStreamError);
  input.on('error', onStreamError);
  input.pipe(client);
  client.pipe(output, { end: false });
  const end = await client.outcome;
  opts.debug?.(`session stats: ${JSON.stringify(client.stats)}`);
  signal?.removeEventListener('abort', onAbort);
  input.unpipe(client);
  input.off('error', onStreamError);
  if (end.reason === 'error') {
    client.unpipe(output);
    throw end.error ?? new UserError('the session failed');
  }
  await drained;
  await flush(output);
  output.off('error', onStreamError);
  return end;
}

class InterruptedBridge extends Error {}

function flush(output: Writable): Promise<void> {
  if (output.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => resolve();
    output.once('drain', done);
    output.once('close', done);
    output.once('error', done);
  });
}
