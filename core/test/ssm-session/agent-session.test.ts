import type { SessionError } from '../../src/ssm-session';
import {
  AgentSession,
  encodeOpenDataChannel,
  MessageFlag,
  parseChannelClosed,
  parseHandshakeRequest,
  PayloadType,
  type AgentSessionOptions,
  type ClientMessage,
  type OpenDataChannelInput,
} from '../../src/ssm-session';
import { transportPair } from './support/memory-transport';
import { ScriptedPeer } from './support/scripted-peer';

function setUp(options: Partial<AgentSessionOptions> = {}): { agent: AgentSession; client: ScriptedPeer } {
  const [a, b] = transportPair();
  const agent = new AgentSession(b, {
    verifyToken: (open) => open.TokenValue === 'good',
    properties: { portNumber: '2222' },
    sessionId: 'sess-1',
    targetId: 'mi-0123',
    resendIntervalMs: 10,
    retransmission: { minTimeoutMs: 30 },
    ...options,
  });
  agent.on('error', () => undefined);
  return { agent, client: new ScriptedPeer(a, 'client') };
}

const open = (token: string): string =>
  encodeOpenDataChannel({ tokenValue: token, clientId: 'c', clientVersion: '1.2.0.0' });

function channelClosed(client: ScriptedPeer): Promise<ClientMessage> {
  return client.until(() => client.frames.find((f) => f.messageType === 'channel_closed'), 'channel_closed');
}

/** Plays a well-behaved client up to the end of the handshake; its next stream frame is sequence 1. */
async function handshake(client: ScriptedPeer): Promise<void> {
  client.send(open('good'));
  const request = await client.streamFrame(0, PayloadType.HandshakeRequest);
  client.ack(request);
  client.stream(PayloadType.HandshakeResponse, {
    ClientVersion: '1.2.0.0',
    ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }],
    Errors: null,
  });
  client.ack(await client.streamFrame(1, PayloadType.HandshakeComplete));
}

test('checks the token, then asks for a Port session on its first, SYN-marked frame', async () => {
  const seen: OpenDataChannelInput[] = [];
  const { agent, client } = setUp({
    verifyToken: (input) => {
      seen.push(input);
      return Promise.resolve(true);
    },
  });
  client.send(open('anything'));
  const request = await client.streamFrame(0, PayloadType.HandshakeRequest);
  expect(seen[0]).toMatchObject({ TokenValue: 'anything', ClientId: 'c', ClientVersion: '1.2.0.0' });
  expect(request.flags).toBe(MessageFlag.Syn);
  expect(parseHandshakeRequest(request.payload)).toEqual({
    AgentVersion: '3.3.0.0',
    RequestedClientActions: [
      {
        ActionType: 'SessionType',
        ActionParameters: { SessionType: 'Port', Properties: { portNumber: '2222' } },
      },
    ],
  });
  client.ack(request);
  client.stream(PayloadType.HandshakeResponse, {
    ClientVersion: '1.2.0.0',
    ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' }],
    Errors: null,
  });
  const complete = await client.streamFrame(1, PayloadType.HandshakeComplete);
  expect(JSON.parse(complete.payload.toString())).toMatchObject({ CustomerMessage: '' });
  await expect(agent.ready).resolves.toMatchObject({ clientVersion: '1.2.0.0' });
  agent.destroy();
});

test('a wrong token gets channel_closed with the reason, and nothing else', async () => {
  const { agent, client } = setUp();
  client.send(open('bad'));
  const closed = await channelClosed(client);
  expect(parseChannelClosed(closed.payload)).toMatchObject({
    Output: 'the session token was not accepted',
    SessionId: 'sess-1',
    DestinationId: 'mi-0123',
  });
  await expect(agent.ready).rejects.toMatchObject({ code: 'handshake-refused' });
  await client.until(() => client.closed, 'the channel to close');
  expect(client.streamFrames()).toHaveLength(0);
});

test('a client refusing the session type ends the session', async () => {
  const { agent, client } = setUp();
  client.send(open('good'));
  client.ack(await client.streamFrame(0, PayloadType.HandshakeRequest));
  client.stream(PayloadType.HandshakeResponse, {
    ClientVersion: '0.0.1',
    ProcessedClientActions: [
      { ActionType: 'SessionType', ActionStatus: 2, ActionResult: null, Error: 'no thanks' },
    ],
    Errors: ['no thanks'],
  });
  expect(parseChannelClosed((await channelClosed(client)).payload).Output).toBe(
    'the client refused SessionType: no thanks',
  );
  const err = await agent.ready.catch((e: unknown) => e);
  expect((err as SessionError).code).toBe('handshake-refused');
});

test('no open frame in time', async () => {
  const { agent, client } = setUp({ handshakeTimeoutMs: 40 });
  expect(parseChannelClosed((await channelClosed(client)).payload).Output).toBe(
    'no open data channel frame arrived',
  );
  await expect(agent.ready).rejects.toMatchObject({ code: 'handshake-timeout' });
});

test('delivers client input in order and acknowledges it', async () => {
  const { agent, client } = setUp();
  const chunks: Buffer[] = [];
  agent.on('data', (c: Buffer) => chunks.push(c));
  await handshake(client);
  const frames = ['x', 'y', 'z'].map((t) => client.stream(PayloadType.Output, t, { send: false }));
  client.send(frames[2]!);
  client.send(frames[0]!);
  client.send(frames[1]!);
  await client.until(() => Buffer.concat(chunks).toString() === 'xyz', 'xyz');
  await client.until(() => [1, 2, 3].every((s) => client.acknowledged().includes(s)), 'acks');
  agent.destroy();
});

test('TerminateSession from the client: channel_closed, and the reader ends', async () => {
  const { agent, client } = setUp();
  await handshake(client);
  const ended = new Promise<void>((resolve) => agent.on('end', resolve));
  agent.resume();
  client.stream(PayloadType.Flag, Buffer.from('00000002', 'hex'));
  await channelClosed(client);
  await ended;
  expect(await agent.outcome).toEqual({ reason: 'terminated' });
});

test('DisconnectToPort ends the session too', async () => {
  const { agent, client } = setUp();
  await handshake(client);
  client.stream(PayloadType.Flag, Buffer.from('00000001', 'hex'));
  expect(await agent.outcome).toEqual({ reason: 'disconnected' });
});

test('close() waits until the client has everything, then says why', async () => {
  const { agent, client } = setUp();
  await handshake(client);
  agent.write('the end');
  const closing = agent.close('target went away');
  const data = await client.streamFrame(2, PayloadType.Output);
  await new Promise((r) => setTimeout(r, 30));
  expect(client.frames.some((f) => f.messageType === 'channel_closed')).toBe(false);
  client.ack(data);
  expect(parseChannelClosed((await channelClosed(client)).payload).Output).toBe('target went away');
  await closing;
  expect(await agent.outcome).toEqual({ reason: 'ended' });
});
