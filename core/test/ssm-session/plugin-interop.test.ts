/**
 * AWS's own client against our agent end: session-manager-plugin, given a StartSession answer that
 * points at our websocket, must open the channel, pass the handshake and carry bytes through a TCP
 * echo server intact. Runs where the plugin is installed (or SESSION_MANAGER_PLUGIN names it);
 * skipped elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import {
  connectTcp,
  serveAgentSession,
  webSocketTransport,
  type OpenDataChannelInput,
} from '../../src/ssm-session';

function findPlugin(): string | undefined {
  const named = process.env.SESSION_MANAGER_PLUGIN;
  if (named) return named;
  const found = spawnSync('sh', ['-c', 'command -v session-manager-plugin'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const plugin = findPlugin();
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

(plugin ? test : test.skip)('session-manager-plugin talks to our agent end', async () => {
  const echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const opened: OpenDataChannelInput[] = [];
  wss.on('connection', (ws) =>
    serveAgentSession(webSocketTransport(ws), {
      verifyToken: (open) => {
        opened.push(open);
        return open.TokenValue === 'token-from-start-session';
      },
      maxPayloadSize: 64 * 1024,
      connect: () => connectTcp((echo.address() as AddressInfo).port),
    }).on('error', () => undefined),
  );

  const streamUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/data-channel/s-1?role=publish_subscribe`;
  const child = spawn(
    plugin!,
    [
      JSON.stringify({ SessionId: 's-1', StreamUrl: streamUrl, TokenValue: 'token-from-start-session' }),
      'eu-west-1',
      'StartSession',
      '',
      JSON.stringify({ Target: 'mi-0123456789abcdef0' }),
      'https://ssm.eu-west-1.amazonaws.com',
    ],
    { env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'smp-home-')) } },
  );
  const data = randomBytes(300_000);
  const out: Buffer[] = [];
  const echoed = new Promise<Buffer>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      const all = Buffer.concat(out);
      const start = all.indexOf(data.subarray(0, 16));
      if (start >= 0 && all.length - start >= data.length) resolve(all.subarray(start, start + data.length));
    }),
  );
  child.stdin.write(data);
  try {
    expect(sha256(await echoed)).toBe(sha256(data));
    expect(opened[0]).toMatchObject({ MessageSchemaVersion: '1.0', TokenValue: 'token-from-start-session' });
  } finally {
    child.kill();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => echo.close(resolve));
  }
});
