/** The laptop's one call: open the stream URL's websocket and start the client end on it. */
import { ClientSession, type ClientSessionOptions } from './client-session';
import { connectWebSocket, webSocketTransport, type DataChannelConnectOptions } from './web-socket-transport';

/**
 * Resolves once the websocket is open and the token is sent; await `ready` on the result for the
 * handshake. Rejects when the websocket cannot be opened.
 */
export async function connectClientSession(
  streamUrl: string,
  options: ClientSessionOptions & DataChannelConnectOptions,
): Promise<ClientSession> {
  const ws = await connectWebSocket(streamUrl, options);
  return new ClientSession(webSocketTransport(ws, options), options);
}
