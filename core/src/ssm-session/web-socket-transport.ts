/**
 * FrameTransport over a `ws` WebSocket, both for the laptop (a client socket to the stream URL) and for
 * the emulator (a socket a WebSocketServer accepted). Keep-alive is a websocket ping, as both Go
 * implementations do it; a ping left unanswered for a whole interval means the peer is gone.
 */
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import type { FrameTransport, TransportClose } from './transport';

export interface WebSocketTransportOptions {
  /** Ping interval; 0 turns keep-alive off. @default 60000 (the agent pings every 54 s, the plugin every 5 min) */
  keepAliveMs?: number;
}

export function webSocketTransport(ws: WebSocket, options: WebSocketTransportOptions = {}): FrameTransport {
  let onClose: ((info: TransportClose) => void) | undefined;
  let closed: TransportClose | undefined;
  let lastError: Error | undefined;
  // Frames sent before a client socket finished connecting go out in order once it has.
  const queued: (Buffer | string)[] = [];

  const report = (info: TransportClose): void => {
    if (closed) return;
    closed = info;
    clearInterval(keepAlive);
    onClose?.(info);
  };

  let awaitingPong = false;
  const keepAliveMs = options.keepAliveMs ?? 60_000;
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN) return;
          if (awaitingPong) {
            lastError = new Error(`no answer to a websocket ping within ${formatMs(keepAliveMs)}`);
            ws.terminate();
            return;
          }
          awaitingPong = true;
          ws.ping('keepalive');
        }, keepAliveMs).unref()
      : undefined;
  ws.on('pong', () => {
    awaitingPong = false;
  });

  ws.on('open', () => {
    for (const frame of queued.splice(0)) ws.send(frame);
  });
  ws.on('error', (err) => {
    lastError = err;
  });
  ws.on('close', (code, reason) => {
    const info: TransportClose = { code, reason: reason.toString('utf8') };
    if (lastError) info.error = lastError;
    report(info);
  });

  // Frames sent in one turn of the event loop (a data frame and the acknowledgements of what just
  // arrived, a burst of frames the window let go) leave in one write to the socket, not one each.
  let corked = false;
  const uncork = (socket: Writable): void => {
    corked = false;
    socket.uncork();
  };
  const batch = (): void => {
    if (corked) return;
    const socket = socketOf(ws);
    if (!socket) return;
    corked = true;
    socket.cork();
    process.nextTick(uncork, socket);
  };

  return {
    send(frame) {
      if (ws.readyState === WebSocket.CONNECTING) queued.push(frame);
      else if (ws.readyState === WebSocket.OPEN) {
        batch();
        ws.send(frame);
      }
      // Closing or closed: the close listener has fired or will; the session stops on its own.
    },
    onMessage(listener) {
      ws.on('message', (data, isBinary) => {
        const buffer = toBuffer(data);
        listener(isBinary ? buffer : buffer.toString('utf8'));
      });
    },
    onClose(listener) {
      onClose = listener;
      if (closed) listener(closed);
    },
    close(code = 1000, reason = '') {
      if (ws.readyState === WebSocket.CLOSED) return;
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(code, reason);
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}

/** The TCP socket under a `ws` WebSocket: `ws` keeps it in a field it does not document. */
function socketOf(ws: WebSocket): Writable | undefined {
  const socket = (ws as unknown as { _socket?: unknown })._socket;
  return socket instanceof Writable ? socket : undefined;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export interface DataChannelConnectOptions extends WebSocketTransportOptions {
  /** Give up connecting after this long. @default 30000 */
  connectTimeoutMs?: number;
  headers?: Record<string, string>;
  /**
   * Mask client frames with random keys as RFC 6455 asks. Masking protects proxies between a browser
   * and a server; on loopback there are none, and skipping it saves a copy of every frame.
   * @default true, except to a loopback host
   */
  maskFrames?: boolean;
}

/**
 * Opens a websocket to a session's stream URL and resolves once it is open. A refused upgrade (an
 * expired URL answers 403) rejects with the HTTP status in the message.
 */
export function connectWebSocket(url: string, options: DataChannelConnectOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      // Session data is SSH ciphertext: compressing it costs CPU and saves nothing.
      perMessageDeflate: false,
      handshakeTimeout: options.connectTimeoutMs ?? 30_000,
      ...(options.headers ? { headers: options.headers } : {}),
      // ws sends (and receivers skip unmasking) frames whose masking key is all zeros as they are.
      ...((options.maskFrames ?? !isLoopback(url)) ? {} : { generateMask: (mask: Buffer) => mask.fill(0) }),
    });
    const fail = (err: Error): void => {
      ws.removeAllListeners('open');
      reject(
        new Error(`cannot open the session's data channel at ${redact(url)}: ${err.message}`, { cause: err }),
      );
    };
    ws.once('unexpected-response', (req, res) => {
      fail(new Error(`the server answered HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim()));
      // With a listener here, ws leaves the refused request to us: free its socket.
      req.destroy();
    });
    ws.once('error', fail);
    ws.once('open', () => {
      ws.removeListener('error', fail);
      resolve(ws);
    });
  });
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** Stream URLs can carry credentials in their query string; never print it. */
function redact(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
