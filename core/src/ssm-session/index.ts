/**
 * The Session Manager data channel, both ends, in TypeScript: what session-manager-plugin does on a
 * laptop (ClientSession) and what amazon-ssm-agent does in a container (AgentSession), over any
 * FrameTransport (a `ws` WebSocket in real life, memory in tests).
 *
 * Laptop (`sm-ssh proxy`):
 *   const session = await connectClientSession(streamUrl, { tokenValue });
 *   await session.ready;                       // handshake done; rejects with a SessionError
 *   await pipeline(process.stdin, session, process.stdout);
 *   // SIGHUP/SIGINT: await session.terminate()
 *
 * Emulator (one websocket per session):
 *   wss.on('connection', (ws) =>
 *     serveAgentSession(webSocketTransport(ws), {
 *       verifyToken: (open) => open.TokenValue === tokenOf(sessionId),
 *       properties: { portNumber: '22' },
 *       connect: () => connectTcp(sshdPort),
 *     }));
 *
 * Both ends are Duplex streams: bytes written go out in order and are resent until acknowledged;
 * bytes read are the peer's, in order. `ready` and `outcome` say how the session started and ended;
 * errors are also emitted as 'error' when someone listens (pipeline does).
 */
export * from './errors';
export * from './message-types';
export * from './message';
export * from './acknowledge';
export * from './handshake';
export * from './session-flag';
export * from './channel-closed';
export * from './open-data-channel';
export * from './retransmission';
export * from './transport';
export * from './session-options';
export * from './session';
export * from './client-session';
export * from './agent-session';
export * from './serve-agent-session';
export * from './web-socket-transport';
export * from './chaos-transport';
export * from './connect-client-session';
