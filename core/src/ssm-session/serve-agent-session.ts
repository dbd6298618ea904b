/**
 * The agent end bridged to a local port: what the emulator runs for each data-channel websocket. After
 * the handshake it connects (as the agent dials sshd), then pipes both ways. When the target closes
 * its connection the client gets everything that was sent and then channel_closed; when the client
 * terminates, the connection is closed. If the connection cannot be made, the client is told with the
 * ConnectToPortError flag and a channel_closed that says why.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { SessionFlag } from './message-types';
import type { FrameTransport } from './transport';

export interface ServeAgentSessionOptions extends AgentSessionOptions {
  /** Opens the connection to bridge to, once the handshake is done, e.g. `() => connectTcp(2222)`. */
  connect: () => Promise<Duplex>;
}

export function serveAgentSession(
  transport: FrameTransport,
  options: ServeAgentSessionOptions,
): AgentSession {
  const session = new AgentSession(transport, options);
  session.ready.then(
    async () => {
      let target: Duplex;
      try {
        target = await options.connect();
      } catch (err) {
        session.sendFlag(SessionFlag.ConnectToPortError);
        await session.close(`Unable to connect to specified port: ${(err as Error).message}`);
        return;
      }
      bridgeAgentSession(session, target);
    },
    () => undefined,
  );
  return session;
}

/** Pipes a live session and a connection into each other, and ties their ends together. */
export function bridgeAgentSession(session: AgentSession, target: Duplex): void {
  if (session.destroyed) {
    target.destroy();
    return;
  }
  target.pipe(session);
  session.pipe(target);
  target.on('error', (err: Error) => {
    void session.close(`the connection to the target port failed: ${err.message}`);
  });
  // Readable ended with the target: pipe() ends the session, which flushes and sends channel_closed.
  session.on('error', () => target.destroy());
  session.on('close', () => {
    if (!target.destroyed && !target.writableEnded) target.end();
  });
}

/**
 * One read from the target takes up to this much. Node's own reads stop at 64 KiB; a busy target (scp
 * down) then fills frames of the session's full payload size, so fewer frames and acknowledgements.
 */
const READ_SIZE = 256 * 1024;

/** Connects to a TCP port (127.0.0.1 by default) and resolves once connected. */
export function connectTcp(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = netConnect({
      port,
      host,
      onread: {
        buffer: Buffer.allocUnsafe(READ_SIZE),
        // The buffer is reused by the next read: the stream gets a copy of exactly what arrived
        // (allocUnsafe: Buffer.from would zero the copy first). Returning push()'s answer pauses
        // reading while the session is behind, as Node's own reads do.
        callback: (bytes, buffer) => {
          const copy = Buffer.allocUnsafe(bytes);
          copy.set(buffer.subarray(0, bytes));
          return socket.push(copy);
        },
      },
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      // Interactive SSH: a keystroke should not wait for Nagle.
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
