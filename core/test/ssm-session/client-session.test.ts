import {
  ClientSession,
  encodeChannelClosed,
  encodeMessage,
  MessageType,
  parseHandshakeResponse,
  PayloadType,
  SessionError,
  SessionFlag,
  type ClientSessionOptions,
} from '../../src/ssm-session';
import { transportPair } from './support/memory-transport';
import { ScriptedPeer } from './support/scripted-peer';

const SSH_HANDSHAKE = {
  AgentVersion: '3.3.40.0',
  RequestedClientActions: [
    {
      ActionType: 'SessionType',
      ActionParameters: { SessionType: 'Port', Properties: { portNumber: '22' } },
    },
  ],
};

function setUp(options: Partial<ClientSessionOptions> = {}): { client: ClientSession; agent: ScriptedPeer } {
  const [a, b] = transportPair();
  const client = new ClientSession(a, {
    tokenValue: 'token-1',
    clientId: 'client-1',
    resendIntervalMs: 10,
    retransmission: { minTimeoutMs: 30, maxTimeoutMs: 200 },
    ...options,
  });
  client.on('error', () => undefined);
  return { client, agent: new ScriptedPeer(b, 'agent') };
}

/** Plays the agent's side of the handshake; the next agent frame is sequence 2. */
async function handshake(agent: ScriptedPeer): Promise<void> {
  agent.stream(PayloadType.HandshakeRequest, SSH_HANDSHAKE);
  const response = await agent.streamFrame(0, PayloadType.HandshakeResponse);
  agent.ack(response);
  agent.stream(PayloadType.HandshakeComplete, { HandshakeTimeToComplete: 1_000_000, CustomerMessage: '' });
}

function collect(client: ClientSession): { text: () => string } {
  const chunks: Buffer[] = [];
  client.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { text: () => Buffer.concat(chunks).toString() };
}

describe('opening and handshake', () => {
  test('sends the token first, answers the handshake, then is ready', async () => {
    const { client, agent } = setUp();
    await agent.until(() => agent.texts.length > 0, 'open frame');
    expect(JSON.parse(agent.texts[0]!)).toMatchObject({
      MessageSchemaVersion: '1.0',
      TokenValue: 'token-1',
      ClientId: 'client-1',
      ClientVersion: '1.1.61.0',
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });

    agent.stream(PayloadType.HandshakeRequest, SSH_HANDSHAKE);
    const response = await agent.streamFrame(0, PayloadType.HandshakeResponse);
    // The handshake request was acknowledged, and answered on the client's own sequence 0.
    await agent.until(() => agent.acknowledged().includes(0), 'ack of the handshake request');
    expect(response.flags).toBe(0);
    expect(parseHandshakeResponse(response.payload).ProcessedClientActions).toEqual([
      { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
    ]);
    agent.ack(response);
    agent.stream(PayloadType.HandshakeComplete, { HandshakeTimeToComplete: 5, CustomerMessage: 'hello' });
    await expect(client.ready).resolves.toEqual({
      sessionType: 'Port',
      properties: { portNumber: '22' },
      agentVersion: '3.3.40.0',
      customerMessage: 'hello',
      handshake: true,
    });
    client.destroy();
  });

  test('writes wait for the handshake to finish', async () => {
    const { client, agent } = setUp();
    client.write('early');
    agent.stream(PayloadType.HandshakeRequest, SSH_HANDSHAKE);
    await agent.streamFrame(0, PayloadType.HandshakeResponse);
    await new Promise((r) => setTimeout(r, 50));
    expect(agent.streamFrames().filter((f) => f.payloadType === PayloadType.Output)).toHaveLength(0);
    agent.stream(PayloadType.HandshakeComplete, { HandshakeTimeToComplete: 5, CustomerMessage: '' });
    const data = await agent.streamFrame(1, PayloadType.Output);
    expect(data.payload.toString()).toBe('early');
    client.destroy();
  });

  test('refuses KMS encryption clearly, and tells the agent why', async () => {
    const { client, agent } = setUp();
    agent.stream(PayloadType.HandshakeRequest, {
      AgentVersion: '3.3.40.0',
      RequestedClientActions: [
        ...SSH_HANDSHAKE.RequestedClientActions,
        { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'alias/ssm' } },
      ],
    });
    const failure = client.ready.then(
      () => undefined,
      (err: unknown) => err,
    );
    const response = parseHandshakeResponse(
      (await agent.streamFrame(0, PayloadType.HandshakeResponse)).payload,
    );
    expect(response.ProcessedClientActions[1]).toMatchObject({
      ActionType: 'KMSEncryption',
      ActionStatus: 2,
    });
    const err = await failure;
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).code).toBe('kms-encryption-unsupported');
    expect((err as SessionError).message).toMatch(
      /^the target requires KMS encryption of Session Manager data \(key alias\/ssm\), which this built-in client does not implement/,
    );
    expect(await client.outcome).toMatchObject({ reason: 'error' });
    await agent.until(() => agent.closed, 'the client to close the channel');
  });

  test('an agent that skips the handshake starts a shell on its first output', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    agent.output('$ ');
    await expect(client.ready).resolves.toMatchObject({ sessionType: 'Standard_Stream', handshake: false });
    await agent.until(() => out.text() === '$ ', 'the prompt');
    client.destroy();
  });

  test('no handshake in time fails with handshake-timeout', async () => {
    const { client } = setUp({ handshakeTimeoutMs: 50 });
    await expect(client.ready).rejects.toMatchObject({ code: 'handshake-timeout' });
  });

  test('channel_closed before the start rejects ready with the service reason', async () => {
    const { client, agent } = setUp();
    agent.send(encodeChannelClosed({ output: 'the session token was not accepted' }));
    await expect(client.ready).rejects.toThrow(
      'the session was closed before it started: the session token was not accepted',
    );
  });
});

describe('in-order delivery', () => {
  test('frames delivered reversed come out in order, each acknowledged', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    await handshake(agent);
    await client.ready;
    const batch = ['a', 'b', 'c', 'd'].map((t) => agent.stream(PayloadType.Output, t, { send: false }));
    for (const frame of [...batch].reverse()) agent.send(frame);
    await agent.until(() => out.text() === 'abcd', 'abcd');
    await agent.until(() => [2, 3, 4, 5].every((s) => agent.acknowledged().includes(s)), 'every ack');
    // Acknowledged in arrival order, not held back until delivery.
    expect(agent.acknowledged().slice(-4)).toEqual([5, 4, 3, 2]);
    expect(client.stats.outOfOrderReceived).toBe(3);
    client.destroy();
  });

  test("the service's 1 KiB frames of one read reach the reader as one chunk; a large frame as it came", async () => {
    const { client, agent } = setUp();
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    await handshake(agent);
    await client.ready;
    // Sent in one turn, so the memory transport delivers them in one batch, as one websocket read would.
    const small = Array.from({ length: 64 }, (_, i) => Buffer.alloc(1024, i));
    for (const payload of small) agent.stream(PayloadType.Output, payload);
    await agent.until(() => chunks.length > 0, 'the first chunk');
    // One write into ssh's pipe instead of 64.
    expect(chunks.map((c) => c.length)).toEqual([64 * 1024]);
    expect(chunks[0]!.equals(Buffer.concat(small))).toBe(true);

    const large = Buffer.alloc(64 * 1024, 7);
    agent.stream(PayloadType.Output, Buffer.from('tail'));
    agent.stream(PayloadType.Output, large);
    await agent.until(() => chunks.length === 3, 'the small tail, then the large frame');
    expect(chunks[1]!.toString()).toBe('tail');
    expect(chunks[2]!.equals(large)).toBe(true);
    expect(client.stats.bytesReceived).toBe(64 * 1024 + 4 + 64 * 1024);
    client.destroy();
  });

  test('duplicates are dropped but acknowledged again (the first ack may have been lost)', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    await handshake(agent);
    const frame = agent.output('once');
    agent.send(frame);
    agent.send(frame);
    agent.output('!');
    await agent.until(() => out.text() === 'once!', 'once!');
    await agent.until(
      () => agent.acknowledged().filter((s) => s === 2).length === 3,
      'three acks of frame 2',
    );
    expect(client.stats.duplicatesReceived).toBe(2);
    client.destroy();
  });

  test('a dropped frame holds back later ones until it is resent', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    await handshake(agent);
    const lost = agent.stream(PayloadType.Output, 'lost ', { send: false }); // sequence 2, "dropped"
    agent.output('then ');
    agent.output('found');
    await agent.until(() => agent.acknowledged().includes(4), 'ack of frame 4');
    expect(out.text()).toBe('');
    agent.send(lost); // the agent's resend
    await agent.until(() => out.text() === 'lost then found', 'all three in order');
    client.destroy();
  });

  test('non-data payloads go to onPayload in sequence order', async () => {
    const seen: [number, string][] = [];
    const { client, agent } = setUp({ onPayload: (type, payload) => seen.push([type, payload.toString()]) });
    await handshake(agent);
    agent.stream(PayloadType.ExitCode, '0', { sequenceNumber: 3 });
    agent.stream(PayloadType.StdErr, 'oops', { sequenceNumber: 2 });
    await agent.until(() => seen.length === 2, 'two payloads');
    expect(seen).toEqual([
      [PayloadType.StdErr, 'oops'],
      [PayloadType.ExitCode, '0'],
    ]);
    client.destroy();
  });

  test('frames that fail validation are dropped unacknowledged', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    await handshake(agent);
    const frame = agent.stream(PayloadType.Output, 'good', { send: false });
    const corrupt = Buffer.from(frame);
    corrupt[corrupt.length - 1]! ^= 0xff;
    agent.send(corrupt);
    agent.send(Buffer.from('short'));
    await new Promise((r) => setTimeout(r, 30));
    expect(agent.acknowledged()).not.toContain(2);
    expect(client.stats.framesRejected).toBe(2);
    agent.send(frame);
    await agent.until(() => out.text() === 'good', 'the resent frame');
    client.destroy();
  });
});

describe('sending', () => {
  test('input is split into frames of at most maxPayloadSize, numbered from 1 after the handshake', async () => {
    const { client, agent } = setUp({ maxPayloadSize: 4 });
    await handshake(agent);
    await client.ready;
    client.write('0123456789');
    const frames = await agent.until(() => {
      const data = agent.streamFrames().filter((f) => f.payloadType === PayloadType.Output);
      return data.length === 3 ? data : undefined;
    }, 'three frames');
    expect(frames.map((f) => [f.sequenceNumber, f.payload.toString()])).toEqual([
      [1, '0123'],
      [2, '4567'],
      [3, '89'],
    ]);
    client.destroy();
  });

  test('unacknowledged frames are resent, the same bytes, until acknowledged', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    client.write('hi');
    await agent.until(
      () => agent.streamFrames().filter((f) => f.sequenceNumber === 1).length >= 3,
      'two resends',
    );
    const copies = agent.streamFrames().filter((f) => f.sequenceNumber === 1);
    expect(new Set(copies.map((f) => f.messageId)).size).toBe(1);
    agent.ack(copies[0]!);
    await new Promise((r) => setTimeout(r, 20));
    const count = agent.streamFrames().filter((f) => f.sequenceNumber === 1).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(agent.streamFrames().filter((f) => f.sequenceNumber === 1).length).toBe(count);
    expect(client.stats.framesResent).toBeGreaterThanOrEqual(2);
    client.destroy();
  });

  test('a frame missing while later ones are acknowledged is resent; a late tail is not flooded', async () => {
    const { client, agent } = setUp({ maxPayloadSize: 1 });
    await handshake(agent);
    await client.ready;
    client.write('abcdef'); // frames 1..6
    await agent.until(
      () => agent.streamFrames().filter((f) => f.payloadType === PayloadType.Output).length >= 6,
      '6 frames',
    );
    const first = agent.streamFrames().filter((f) => f.payloadType === PayloadType.Output);
    // Acknowledge all but 3: only 3 is lost, 1 and 2 were acknowledged.
    for (const f of first) if (f.sequenceNumber !== 3) agent.ack(f);
    await agent.until(
      () => agent.streamFrames().filter((f) => f.sequenceNumber === 3).length >= 2,
      'resend of 3',
    );
    expect(agent.streamFrames().filter((f) => f.sequenceNumber === 5)).toHaveLength(1);
    client.destroy();
  });

  test('stops after resendTimeoutMs without an acknowledgement', async () => {
    const { client, agent } = setUp({ resendTimeoutMs: 150 });
    await handshake(agent);
    await client.ready;
    client.write('anyone?');
    const end = await client.outcome;
    expect(end.reason).toBe('error');
    expect((end.error as SessionError).code).toBe('resend-timeout');
  });

  test('pause_publication holds stream frames until start_publication', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    agent.send(encodeMessage({ messageType: MessageType.PausePublication }));
    await new Promise((r) => setTimeout(r, 10));
    client.write('held');
    await new Promise((r) => setTimeout(r, 60));
    expect(agent.streamFrames().filter((f) => f.payloadType === PayloadType.Output)).toHaveLength(0);
    agent.send(encodeMessage({ messageType: MessageType.StartPublication }));
    const frame = await agent.streamFrame(1, PayloadType.Output);
    expect(frame.payload.toString()).toBe('held');
    client.destroy();
  });
});

describe('ending', () => {
  test('ending the writable side flushes, then sends TerminateSession', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    client.end('last words');
    const data = await agent.streamFrame(1, PayloadType.Output);
    await new Promise((r) => setTimeout(r, 30));
    // Not before the data is acknowledged.
    expect(agent.streamFrames().some((f) => f.payloadType === PayloadType.Flag)).toBe(false);
    agent.ack(data);
    const flag = await agent.streamFrame(2, PayloadType.Flag);
    expect(flag.payload.readUInt32BE(0)).toBe(SessionFlag.TerminateSession);
    agent.ack(flag);
    expect(await client.outcome).toEqual({ reason: 'ended' });
    await agent.until(() => agent.closed, 'the channel to close');
  });

  test('terminate() ends at once', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    const done = client.terminate();
    const flag = await agent.streamFrame(1, PayloadType.Flag);
    agent.ack(flag);
    await done;
    expect(await client.outcome).toEqual({ reason: 'terminated' });
    expect(client.destroyed).toBe(true);
  });

  test('channel_closed ends the reader after what came before it', async () => {
    const { client, agent } = setUp();
    const out = collect(client);
    await handshake(agent);
    agent.output('bye');
    agent.send(encodeChannelClosed({ output: '' }));
    await new Promise<void>((resolve) => client.on('end', resolve));
    expect(out.text()).toBe('bye');
    expect(await client.outcome).toEqual({ reason: 'channel-closed', output: '' });
  });

  test('ConnectToPortError fails the session with a hint', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    const errors: Error[] = [];
    client.on('error', (e: Error) => errors.push(e));
    agent.stream(PayloadType.Flag, Buffer.from('00000003', 'hex'));
    const end = await client.outcome;
    expect((end.error as SessionError).code).toBe('connect-to-port-failed');
    expect(end.error?.message).toMatch(/could not connect to the target port/);
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
  });

  test('the transport closing under a live session is an error', async () => {
    const { client, agent } = setUp();
    await handshake(agent);
    await client.ready;
    agent.transport.close(1006, 'gone');
    const end = await client.outcome;
    expect((end.error as SessionError).code).toBe('transport-closed');
    expect(end.error?.message).toBe('the data channel closed unexpectedly (websocket code 1006: gone)');
  });
});
