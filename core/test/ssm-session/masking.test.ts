/**
 * Client frames to AWS are masked with random keys (RFC 6455), which `ws` does with bufferutil's native
 * code when it can load it, and in JavaScript when it cannot. Both must carry the session intact.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import type * as SsmSession from '../../src/ssm-session';
import type * as Ws from 'ws';
import { readBytes } from './support/read-bytes';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** 4 MB through a masked client, our agent end and a TCP echo server, and back. */
async function maskedEcho(ssm: typeof SsmSession, ws: typeof Ws): Promise<void> {
  const echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoPort = (echo.address() as AddressInfo).port;
  const wss = new ws.WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) =>
    ssm.serveAgentSession(ssm.webSocketTransport(socket), {
      verifyToken: () => true,
      maxPayloadSize: 64 * 1024,
      connect: () => ssm.connectTcp(echoPort),
    }),
  );
  try {
    const { port } = wss.address() as AddressInfo;
    const client = await ssm.connectClientSession(`ws://127.0.0.1:${port}/v1/data-channel/s`, {
      tokenValue: 'token',
      maxPayloadSize: 64 * 1024,
      // Loopback would send zero masks, which ws skips: mask as toward AWS.
      maskFrames: true,
    });
    await client.ready;
    const data = randomBytes(4 * 1024 * 1024);
    const echoed = readBytes(client, data.length);
    client.write(data);
    expect(sha256(await echoed)).toBe(sha256(data));
    client.end();
    expect(await client.outcome).toEqual({ reason: 'ended' });
  } finally {
    for (const socket of wss.clients) socket.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => echo.close(resolve));
  }
}

test("ws finds bufferutil's native masking from where ws is installed, and masked frames arrive intact", async () => {
  const fromWs = require.resolve('bufferutil', { paths: [path.dirname(require.resolve('ws'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy ws itself would load
  const bufferUtil = require(fromWs) as { mask: () => void };
  expect(String(bufferUtil.mask)).toMatch(/\[native code\]/);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the modules as jest loaded them
  await maskedEcho(require('../../src/ssm-session') as typeof SsmSession, require('ws') as typeof Ws);
});

test('without bufferutil (ws masks in JavaScript), masked frames arrive intact too', async () => {
  let modules: [typeof SsmSession, typeof Ws] | undefined;
  const before = process.env.WS_NO_BUFFER_UTIL;
  // ws's own switch for "bufferutil cannot be loaded"; read once, when ws is first required.
  process.env.WS_NO_BUFFER_UTIL = '1';
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- fresh copies that see the switch */
      modules = [require('../../src/ssm-session') as typeof SsmSession, require('ws') as typeof Ws];
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
  } finally {
    if (before === undefined) delete process.env.WS_NO_BUFFER_UTIL;
    else process.env.WS_NO_BUFFER_UTIL = before;
  }
  await maskedEcho(...modules!);
});
