/**
 * Our client end and our agent end talking through an in-memory link that drops, duplicates and
 * reorders stream frames and acknowledgements: what arrives must be exactly what was sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AgentSession,
  ClientSession,
  PLUGIN_PAYLOAD_SIZE,
  type Chaos,
  type ChaosStats,
  type SessionOptions,
} from '../../src/ssm-session';
import { transportPair } from './support/memory-transport';
import { readBytes } from './support/read-bytes';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Fast timers so recovering from drops takes milliseconds, not the plugin's 100 ms ticks. */
const QUICK: SessionOptions = {
  resendIntervalMs: 5,
  retransmission: { minTimeoutMs: 10, maxTimeoutMs: 100 },
};

async function connect(
  chaos: Chaos,
  options: SessionOptions = {},
): Promise<{ client: ClientSession; agent: AgentSession; link: ChaosStats | undefined }> {
  const [a, b] = transportPair(chaos);
  const client = new ClientSession(a, { tokenValue: 'token', ...QUICK, ...options });
  const agent = new AgentSession(b, {
    verifyToken: (open) => open.TokenValue === 'token',
    ...QUICK,
    ...options,
  });
  await Promise.all([client.ready, agent.ready]);
  return { client, agent, link: a.stats };
}

/** Writes `data` into `from` and resolves with everything `to` reads until it has as many bytes. */
function transfer(
  from: ClientSession | AgentSession,
  to: ClientSession | AgentSession,
  data: Buffer,
): Promise<Buffer> {
  const arrived = readBytes(to, data.length);
  // In pieces, as stdin or a socket would hand them over.
  for (let offset = 0; offset < data.length; offset += 64 * 1024)
    from.write(data.subarray(offset, offset + 64 * 1024));
  return arrived;
}

test.each<[string, Chaos]>([
  ['dropped, duplicated and shuffled', { drop: 0.05, duplicate: 0.05, reorder: 'shuffle', seed: 11 }],
  ['reversed in every batch', { reorder: 'reverse', duplicate: 0.02, seed: 5 }],
  ['one in five dropped', { drop: 0.2, seed: 3 }],
])('5 MB each way, %s, arrives intact', async (_name, chaos) => {
  const { client, agent, link } = await connect(chaos, { maxPayloadSize: 16 * 1024 });
  const up = randomBytes(5 * 1024 * 1024);
  const down = randomBytes(5 * 1024 * 1024);
  const [atAgent, atClient] = await Promise.all([transfer(client, agent, up), transfer(agent, client, down)]);
  expect(sha256(atAgent)).toBe(sha256(up));
  expect(sha256(atClient)).toBe(sha256(down));
  const resent = client.stats.framesResent + agent.stats.framesResent;
  if (chaos.drop) {
    expect(link!.dropped).toBeGreaterThan(10);
    expect(resent).toBeGreaterThan(0);
  }
  if (chaos.duplicate)
    expect(client.stats.duplicatesReceived + agent.stats.duplicatesReceived).toBeGreaterThan(0);
  expect(client.stats.unackedBytes + agent.stats.unackedBytes).toBeLessThan(2 * 4 * 1024 * 1024);

  client.end();
  expect(await client.outcome).toEqual({ reason: 'ended' });
  expect(await agent.outcome).toEqual({ reason: 'terminated' });
});

test('5 MB in the plugin-sized frames the service expects, through drops and reordering', async () => {
  const { client, agent } = await connect({ drop: 0.03, duplicate: 0.03, reorder: 'shuffle', seed: 23 });
  const data = randomBytes(5 * 1024 * 1024);
  const received = await transfer(client, agent, data);
  expect(sha256(received)).toBe(sha256(data));
  expect(client.stats.framesSent).toBeGreaterThanOrEqual(data.length / PLUGIN_PAYLOAD_SIZE);
  client.destroy();
  agent.destroy();
});

test('throughput through a lossless link (logged for the record)', async () => {
  const results: string[] = [];
  for (const maxPayloadSize of [PLUGIN_PAYLOAD_SIZE, 64 * 1024]) {
    const { client, agent } = await connect({}, { maxPayloadSize });
    const data = randomBytes(32 * 1024 * 1024);
    const started = performance.now();
    const received = await transfer(client, agent, data);
    const seconds = (performance.now() - started) / 1000;
    expect(received.length).toBe(data.length);
    results.push(`${maxPayloadSize}-byte frames: ${(data.length / 1e6 / seconds).toFixed(0)} MB/s`);
    client.destroy();
    agent.destroy();
  }
  console.log(`in-memory, one direction, both ends in this process: ${results.join(', ')}`);
});
