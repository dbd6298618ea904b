import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { connectWebSocket, webSocketTransport, type TransportClose } from '../../src/ssm-session';

async function server(autoPong: boolean): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

test('a peer that answers pings keeps the channel open', async () => {
  const peer = await server(true);
  const transport = webSocketTransport(await connectWebSocket(peer.url), { keepAliveMs: 30 });
  let closed: TransportClose | undefined;
  transport.onClose((info) => (closed = info));
  await new Promise((r) => setTimeout(r, 200));
  expect(closed).toBeUndefined();
  transport.close();
  await peer.close();
});

test('a peer that stops answering pings is dropped, with the reason', async () => {
  const peer = await server(false);
  const transport = webSocketTransport(await connectWebSocket(peer.url), { keepAliveMs: 30 });
  const closed = await new Promise<TransportClose>((resolve) => transport.onClose(resolve));
  expect(closed.error?.message).toBe('no answer to a websocket ping within 30 ms');
  await peer.close();
});
