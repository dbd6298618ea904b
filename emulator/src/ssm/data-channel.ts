import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ssmSession } from '@studio-teams/core';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestContext } from '../services/service';
import { hasFaults } from './data-channel-settings';
import { consumeToken, endSession, isOver, type SessionRecord } from './session-store';

const PATH = /^\/v1\/data-channel\/([^/]+)$/;

/**
 * The websocket a StreamUrl names (`/v1/data-channel/<sessionId>`): the service's and the agent's
 * end of the session at once. The client's open frame must carry the session's token (once); then
 * the session is bridged to the container's sshd, read through the emulator's fault settings.
 */
export function dataChannelUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: RequestContext,
): boolean {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = PATH.exec(url.pathname);
  if (!match) return false;
  const { ssh } = ctx.state;
  const session = ssh.sessions.get(decodeURIComponent(match[1] as string));
  if (!session || isOver(session)) {
    const status = session ? '410 Gone' : '404 Not Found';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    return true;
  }
  ssh.webSockets ??= new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 16 * 1024 * 1024,
  });
  ssh.webSockets.handleUpgrade(req, socket, head, (ws) => serve(session, ws, ctx));
  return true;
}

function serve(session: SessionRecord, ws: WebSocket, ctx: RequestContext): void {
  const settings = ctx.state.ssh.dataChannel;
  const plain = ssmSession.webSocketTransport(ws);
  const chaos = hasFaults(settings)
    ? ssmSession.withChaos(plain, {
        drop: settings.drop,
        duplicate: settings.duplicate,
        reorder: settings.reorder,
        seed: settings.seed + session.seq,
      })
    : undefined;
  let accepted = false;
  const agent = ssmSession.serveAgentSession(chaos ?? plain, {
    sessionId: session.id,
    targetId: session.target,
    properties: { portNumber: session.portNumber },
    maxPayloadSize: settings.maxPayloadSize,
    verifyToken: (open) => (accepted = consumeToken(session, open.TokenValue, ctx.now())),
    connect: async () => ssmSession.connectTcp(await session.prepared),
  });
  void agent.ready.then(
    () => {
      session.status = 'Connected';
      session.agent = agent;
      if (chaos) session.chaos = chaos.stats;
    },
    // A refused token (a replay, a stranger) leaves the session to its rightful client.
    (err: Error) => {
      if (accepted) endSession(session, 'Failed', ctx.now(), err.message);
    },
  );
  void agent.outcome.then((end) => {
    if (!accepted) return;
    if (end.reason === 'error') endSession(session, 'Failed', ctx.now(), end.error?.message ?? end.output);
    else endSession(session, 'Terminated', ctx.now(), end.output || undefined);
  });
}
