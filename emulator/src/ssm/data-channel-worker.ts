/**
 * The emulator's data-channel endpoint, in a worker thread of its own (started by data-channel.ts):
 * the websocket every StreamUrl names, `/v1/data-channel/<sessionId>`, on a port of its own, as AWS's
 * is on ssmmessages rather than ssm. It is the service's and the agent's end of each session at once:
 * the client's open frame must carry the session's token, then the session is bridged to the
 * container's sshd (through the emulator's fault settings).
 *
 * Why a thread: every frame allocates buffers, and on the main thread, whose heap holds the whole
 * emulator (service models, SDK clients, state), the full collections those buffers set off cost more
 * CPU than the transfer itself. Here the heap is a few megabytes. It also keeps a long scp from
 * delaying API answers, and the other way round.
 *
 * Nothing here knows the sessions: the main thread answers (see data-channel-messages.ts).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import {
  connectTcp,
  serveAgentSession,
  webSocketTransport,
  withChaos,
  type AgentSession,
  type ChaosTransport,
} from '@studio-teams/core/data-channel';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  LookupAnswer,
  MainMessage,
  PortAnswer,
  Question,
  TokenAnswer,
  WorkerMessage,
} from './data-channel-messages';

const PATH = /^\/v1\/data-channel\/([^/]+)$/;

const main = parentPort;
if (!main) throw new Error('data-channel-worker.ts runs as a worker thread (see data-channel.ts)');

const post = (message: WorkerMessage): void => main.postMessage(message);
const pending = new Map<number, (answer: unknown) => void>();
let lastQuestion = 0;

function ask(question: Extract<Question, { kind: 'lookup' }>): Promise<LookupAnswer>;
function ask(question: Extract<Question, { kind: 'token' }>): Promise<TokenAnswer>;
function ask(question: Extract<Question, { kind: 'port' }>): Promise<PortAnswer>;
function ask(question: Question): Promise<unknown> {
  const id = ++lastQuestion;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    post({ kind: 'ask', id, question });
  });
}

const agents = new Map<number, AgentSession>();
let lastConnection = 0;

const webSockets = new WebSocketServer({
  noServer: true,
  // Session data is SSH ciphertext: compressing it costs CPU and saves nothing.
  perMessageDeflate: false,
  maxPayload: 16 * 1024 * 1024,
});

const server = createServer((_req, res) => {
  res.writeHead(404, { connection: 'close', 'content-length': '0' }).end();
});
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  void upgrade(req, socket, head).catch((err: unknown) => {
    console.error('emulator: a data-channel upgrade failed:', err);
    socket.destroy();
  });
});

async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const match = PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
  if (!match) return refuse(socket, '404 Not Found');
  const sessionId = decodeURIComponent(match[1] as string);
  const found = await ask({ kind: 'lookup', sessionId });
  if (found.status !== 'open') return refuse(socket, found.status === 'over' ? '410 Gone' : '404 Not Found');
  webSockets.handleUpgrade(req, socket, head, (ws) => serve(sessionId, found, ws));
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function serve(sessionId: string, found: Extract<LookupAnswer, { status: 'open' }>, ws: WebSocket): void {
  const connection = ++lastConnection;
  const plain = webSocketTransport(ws);
  const chaos: ChaosTransport | undefined = found.chaos ? withChaos(plain, found.chaos) : undefined;
  let started = false;
  const agent = serveAgentSession(chaos ?? plain, {
    sessionId,
    targetId: found.target,
    properties: { portNumber: found.portNumber },
    maxPayloadSize: found.maxPayloadSize,
    verifyToken: async (open) =>
      (await ask({ kind: 'token', connection, sessionId, token: open.TokenValue })).accepted,
    connect: async () => {
      const answer = await ask({ kind: 'port', sessionId });
      if ('error' in answer) throw new Error(answer.error);
      return connectTcp(answer.port);
    },
  });
  agents.set(connection, agent);
  agent.ready.then(
    () => {
      started = true;
      post({ kind: 'connected', connection, sessionId });
    },
    () => undefined,
  );
  void agent.outcome.then((end) => {
    agents.delete(connection);
    post({
      kind: 'ended',
      connection,
      sessionId,
      started,
      reason: end.reason,
      ...(end.error ? { message: end.error.message } : {}),
      ...(end.output ? { output: end.output } : {}),
      ...(chaos ? { chaos: { ...chaos.stats } } : {}),
    });
  });
}

main.on('message', (message: MainMessage) => {
  switch (message.kind) {
    case 'answer': {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.answer);
      return;
    }
    case 'close':
      void agents.get(message.connection)?.close(message.output);
      return;
    case 'destroy':
      agents.get(message.connection)?.destroy();
      return;
    case 'stop':
      stop();
  }
});

function stop(): void {
  for (const agent of agents.values()) agent.destroy();
  for (const client of webSockets.clients) client.terminate();
  webSockets.close();
  server.closeAllConnections();
  server.close(() => post({ kind: 'stopped' }));
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the data channel has no TCP port');
  post({ kind: 'listening', port: address.port });
});
