/** Neither end buffers without bound: a silent or slow peer pauses the source instead. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AgentSession, ClientSession, PayloadType, type ClientSessionOptions } from '../../src/ssm-session';
import { transportPair } from './support/memory-transport';
import { ScriptedPeer } from './support/scripted-peer';
import { readBytes } from './support/read-bytes';

const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `state()` has not changed for `quietMs`. */
async function waitForStop(state: () => string, quietMs = 150, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = state();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error('the transfer did not stop');
    await settle(10);
    const now = state();
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

async function waitFor(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(10);
  }
}

/** A source that makes data only when asked for it, as stdin or a socket refills only when read. */
function source(total: number): { stream: Readable; data: Buffer; produced: () => number } {
  const data = randomBytes(total);
  let offset = 0;
  const stream = new Readable({
    highWaterMark: 16 * 1024,
    read() {
      const end = Math.min(offset + 16 * 1024, total);
      this.push(end > offset ? data.subarray(offset, end) : null);
      offset = end;
    },
  });
  return { stream, data, produced: () => offset };
}

/**
 * A client session whose agent is played by hand (the Go agent's frames), past the handshake: the
 * agent's stream frames 0 and 1 were the handshake's, so its output starts at 2.
 */
async function clientPastHandshake(
  options: Omit<ClientSessionOptions, 'tokenValue'>,
): Promise<{ client: ClientSession; agent: ScriptedPeer }> {
  const [a, b] = transportPair();
  const client = new ClientSession(a, { tokenValue: 't', ...options });
  const agent = new ScriptedPeer(b, 'agent');
  agent.stream(PayloadType.HandshakeRequest, {
    AgentVersion: '3.3.0.0',
    RequestedClientActions: [
      { ActionType: 'SessionType', ActionParameters: { SessionType: 'Port', Properties: {} } },
    ],
  });
  agent.ack(await agent.streamFrame(0, PayloadType.HandshakeResponse));
  agent.stream(PayloadType.HandshakeComplete, { HandshakeTimeToComplete: 0, CustomerMessage: '' });
  await client.ready;
  return { client, agent };
}

test('a peer that does not acknowledge stops the writer at the window', async () => {
  const { client, agent } = await clientPastHandshake({ maxPayloadSize: 1024, maxUnackedBytes: 64 * 1024 });

  // A source far bigger than the window, piped as stdin would be.
  const input = source(4 * 1024 * 1024);
  input.stream.pipe(client);
  // Distinct frames: on a slow machine the oldest unacknowledged one may also have been resent.
  const outputFrames = () => [
    ...new Map(
      agent
        .streamFrames()
        .filter((f) => f.payloadType === PayloadType.Output)
        .map((f) => [f.sequenceNumber, f]),
    ).values(),
  ];
  const sent = (): number => outputFrames().length;
  await waitFor(() => sent() === 64, 'a window of frames');
  await settle(100);
  expect(client.stats.unackedBytes).toBe(64 * 1024);
  expect(sent()).toBe(64);
  // The source was read only as far as the window and the stream buffers on the way: it is paused.
  expect(input.produced()).toBeLessThan(64 * 1024 + client.writableHighWaterMark + 4 * 16 * 1024);

  // Acknowledging the first half opens the window by as much.
  for (const frame of outputFrames().slice(0, 32)) agent.ack(frame);
  await agent.until(() => sent() === 96, '32 more frames');
  await settle();
  expect(sent()).toBe(96);
  client.destroy();
});

test('a reader that does not read holds back acknowledgements, so the sender stops; nothing is lost', async () => {
  const [a, b] = transportPair();
  const limits = {
    maxPayloadSize: 16 * 1024,
    maxUnackedBytes: 256 * 1024,
    maxBufferedIncomingBytes: 512 * 1024,
  };
  const client = new ClientSession(a, { tokenValue: 't', ...limits });
  const agent = new AgentSession(b, { verifyToken: () => true, ...limits });
  await Promise.all([client.ready, agent.ready]);

  const { stream, data, produced } = source(8 * 1024 * 1024);
  stream.pipe(agent);
  // Nobody reads the client: it holds what fits and owes the rest of the acknowledgements, and the
  // agent stops at its window. Waited for (no progress for a while) rather than given a fixed time:
  // a busy machine is slower, and a session that never stops still fails, by timeout.
  await waitForStop(() => [produced(), client.readableLength, agent.stats.unackedBytes].join());
  const held = client.readableLength;
  expect(held).toBeGreaterThanOrEqual(limits.maxBufferedIncomingBytes);
  expect(held).toBeLessThanOrEqual(
    limits.maxBufferedIncomingBytes + limits.maxUnackedBytes + limits.maxPayloadSize,
  );
  expect(agent.stats.unackedBytes).toBeGreaterThanOrEqual(limits.maxUnackedBytes);
  expect(produced()).toBeLessThan(2 * 1024 * 1024);

  // Start reading: everything arrives, in order.
  expect((await readBytes(client, data.length)).equals(data)).toBe(true);
  client.destroy();
  agent.destroy();
});

test('frames beyond twice the receive limit are dropped unacknowledged and come back as resends', async () => {
  const { client, agent } = await clientPastHandshake({
    maxBufferedIncomingBytes: 4096,
    resendIntervalMs: 5,
    retransmission: { minTimeoutMs: 10 },
  });
  // A Go agent does not stop on acknowledgements: it keeps sending.
  const frames = Array.from({ length: 20 }, () => agent.output('x'.repeat(1024)));
  await settle(50);
  expect(client.stats.framesDropped).toBeGreaterThan(0);
  expect(client.readableLength).toBeLessThanOrEqual(2 * 4096);
  // Reading catches up; the agent resends what was never acknowledged, and all of it arrives.
  let received = 0;
  client.on('data', (chunk: Buffer) => (received += chunk.length));
  const acked = (): Set<number> => new Set(agent.acknowledged());
  for (let round = 0; round < 50 && received < 20 * 1024; round++) {
    await settle(10);
    for (const [i, frame] of frames.entries()) if (!acked().has(i + 2)) agent.send(frame);
  }
  expect(received).toBe(20 * 1024);
  client.destroy();
});

test('a gap behind held frames does not deadlock: owed acknowledgements are paid and the missing frame is taken', async () => {
  const limit = 4096;
  const { client, agent } = await clientPastHandshake({ maxBufferedIncomingBytes: limit });
  client.pause();
  const bytes = (n: number, fill: string): Buffer => Buffer.alloc(n, fill);
  const sent = new Map<number, Buffer>();
  const output = (payload: Buffer): number => {
    const frame = agent.stream(PayloadType.Output, payload);
    const seq = sent.size + 2;
    sent.set(seq, frame);
    return seq;
  };
  // Four frames fill the reader up to the limit (acknowledged), the fifth is past it (owed).
  for (const fill of 'abcd') output(bytes(1024, fill));
  const owed = output(bytes(1024, 'e'));
  await settle();
  // Too big for the room left (5120 waiting + 5000 > 2 × limit): dropped, a gap.
  const gap = output(bytes(5000, 'f'));
  await settle();
  expect(client.stats.framesDropped).toBe(1);
  // The reader takes a little but stays at the limit; two frames behind the gap are held (owed).
  expect(client.read(1024)).toHaveLength(1024);
  output(bytes(2000, 'g'));
  output(bytes(2096, 'h'));
  await settle();
  expect(client.stats.outOfOrderReceived).toBe(2);
  // The reader takes all it has: 4096 bytes are still held, waiting for the gap.
  expect(client.read(4096)).toHaveLength(4096);
  await settle();
  // Like the plugin and the agent, resend only the oldest unacknowledged frame until it is acknowledged.
  const acked = (): Set<number> => new Set(agent.acknowledged());
  for (let round = 0; round < 20 && !acked().has(owed); round++) {
    agent.send(sent.get(owed)!);
    await settle(10);
  }
  expect(acked()).toContain(owed);
  // Then the missing frame: taken although 4096 held + 5000 is past twice the limit, as everything
  // held waits for it.
  agent.send(sent.get(gap)!);
  const reading = readBytes(client, 5000 + 2000 + 2096);
  client.resume();
  const rest = await reading;
  expect(rest.equals(Buffer.concat([bytes(5000, 'f'), bytes(2000, 'g'), bytes(2096, 'h')]))).toBe(true);
  client.destroy();
});
