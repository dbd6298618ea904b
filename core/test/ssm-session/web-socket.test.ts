/**
 * The whole path the emulator and `sm-ssh proxy` will use: a `ws` server on 127.0.0.1 running our
 * agent end bridged to a local TCP server, and our client end connecting to it by URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  connectClientSession,
  connectTcp,
  serveAgentSession,
  webSocketTransport,
  type AgentSession,
  type SessionEnd,
  type SessionError,
} from '../../src/ssm-session';
import { readBytes } from './support/read-bytes';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

interface Rig {
  url: string;
  targetPort: number;
  agents: AgentSession[];
  targetSockets: Socket[];
  close(): Promise<void>;
}

/** An echo server as the target, and a websocket server whose sessions are bridged to it. */
async function rig(): Promise<Rig> {
  const targetSockets: Socket[] = [];
  const target: Server = createServer((socket) => {
    targetSockets.push(socket);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetPort = (target.address() as AddressInfo).port;

  const agents: AgentSession[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws, request) => {
    const port = request.url?.includes('closed-port') ? 1 : targetPort;
    agents.push(
      serveAgentSession(webSocketTransport(ws), {
        verifyToken: (open) => open.TokenValue === 'let-me-in',
        properties: { portNumber: String(port) },
        maxPayloadSize: 64 * 1024,
        connect: () => connectTcp(port),
      }),
    );
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/data-channel/session-1?role=publish_subscribe`,
    targetPort,
    agents,
    targetSockets,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      for (const socket of targetSockets) socket.destroy();
      await new Promise((resolve) => target.close(resolve));
    },
  };
}

let env: Rig;
beforeEach(async () => {
  env = await rig();
});
afterEach(() => env.close());

test('bytes go through the websocket and a TCP echo server and come back intact; ending closes the connection', async () => {
  const client = await connectClientSession(env.url, { tokenValue: 'let-me-in', maxPayloadSize: 64 * 1024 });
  const info = await client.ready;
  expect(info).toMatchObject({ sessionType: 'Port', properties: { portNumber: String(env.targetPort) } });

  const data = randomBytes(8 * 1024 * 1024);
  const echoed = readBytes(client, data.length);
  const started = performance.now();
  client.write(data);
  const back = await echoed;
  const seconds = (performance.now() - started) / 1000;
  expect(sha256(back)).toBe(sha256(data));
  console.log(
    `websocket + TCP echo, 64 KiB frames: ${((2 * data.length) / 1e6 / seconds).toFixed(0)} MB/s (both ways)`,
  );

  const targetClosed = new Promise<void>((resolve) => env.targetSockets[0]!.once('close', () => resolve()));
  client.end();
  expect(await client.outcome).toEqual({ reason: 'ended' });
  expect(await env.agents[0]!.outcome).toEqual({ reason: 'terminated' });
  await targetClosed;
});

test('when the target closes its connection, the client gets the rest and then channel_closed', async () => {
  const client = await connectClientSession(env.url, { tokenValue: 'let-me-in' });
  await client.ready;
  client.write('ping');
  const chunks: Buffer[] = [];
  client.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve) => {
    const wait = setInterval(() => {
      if (Buffer.concat(chunks).toString() === 'ping') {
        clearInterval(wait);
        resolve();
      }
    }, 5);
  });
  env.targetSockets[0]!.end('bye');
  const ended = new Promise<void>((resolve) => client.on('end', resolve));
  await ended;
  expect(Buffer.concat(chunks).toString()).toBe('pingbye');
  expect(await client.outcome).toEqual({ reason: 'channel-closed', output: '' });
});

test('a wrong token is refused with a clear error', async () => {
  const client = await connectClientSession(env.url, { tokenValue: 'guess' });
  await expect(client.ready).rejects.toThrow(
    'the session was closed before it started: the session token was not accepted',
  );
});

test('a target port with nothing listening fails the client with connect-to-port-failed', async () => {
  const client = await connectClientSession(env.url.replace('session-1', 'closed-port'), {
    tokenValue: 'let-me-in',
  });
  await client.ready;
  const end: SessionEnd = await client.outcome;
  expect((end.error as SessionError).code).toBe('connect-to-port-failed');
});

test('the websocket refusing the upgrade rejects with the HTTP status', async () => {
  const http = createServer((socket) =>
    socket.resume().end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  await expect(
    connectClientSession(`ws://127.0.0.1:${port}/v1/data-channel/s?cell-number=secret`, { tokenValue: 'x' }),
  ).rejects.toThrow(
    /cannot open the session's data channel at ws:\/\/127\.0\.0\.1:\d+\/v1\/data-channel\/s\?…: .*403/,
  );
  await new Promise((resolve) => http.close(resolve));
});
