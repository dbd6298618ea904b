import {
  encodeAcknowledge,
  encodeChannelClosed,
  encodeMessage,
  MessageType,
  withChaos,
  type Chaos,
  type FrameTransport,
} from '../../src/ssm-session';

/** A transport that records what is sent through it. */
function recorder(): FrameTransport & { sent: (Buffer | string)[] } {
  const sent: (Buffer | string)[] = [];
  return {
    sent,
    send: (f) => sent.push(f),
    onMessage: () => undefined,
    onClose: () => undefined,
    close: () => undefined,
  };
}

const data = (seq: number): Buffer =>
  encodeMessage({
    messageType: MessageType.OutputStreamData,
    sequenceNumber: seq,
    payload: Buffer.from([seq]),
  });
const seqs = (frames: (Buffer | string)[]): number[] =>
  frames.filter((f): f is Buffer => typeof f !== 'string').map((f) => f.readUInt32BE(52));

async function send(chaos: Chaos, frames: (Buffer | string)[]): Promise<(Buffer | string)[]> {
  const inner = recorder();
  const transport = withChaos(inner, chaos);
  for (const frame of frames) transport.send(frame);
  await new Promise((r) => setImmediate(r));
  return inner.sent;
}

test('reverses each batch of stream frames', async () => {
  expect(seqs(await send({ reorder: 'reverse' }, [0, 1, 2, 3].map(data)))).toEqual([3, 2, 1, 0]);
});

test('drops and duplicates with the given odds, the same way for the same seed', async () => {
  const frames = Array.from({ length: 1000 }, (_, i) => data(i));
  const once = await send({ drop: 0.1, duplicate: 0.1, seed: 42 }, frames);
  const again = await send({ drop: 0.1, duplicate: 0.1, seed: 42 }, frames);
  expect(seqs(once)).toEqual(seqs(again));
  expect(once.length).toBeGreaterThan(900);
  expect(once.length).toBeLessThan(1100);
  expect(new Set(seqs(once)).size).toBeLessThan(1000);
});

test('leaves the open frame and channel_closed alone, and shuffles acknowledgements too', async () => {
  const open = '{"TokenValue":"t"}';
  const closed = encodeChannelClosed({ output: 'bye' });
  const acks = [0, 1, 2, 3, 4, 5].map((i) =>
    encodeAcknowledge({
      messageType: 'input_stream_data',
      messageId: '00000000-0000-4000-8000-000000000000',
      sequenceNumber: i,
    }),
  );
  const out = await send({ drop: 1 }, [open, ...acks, closed]);
  expect(out).toEqual([open, closed]);
  const shuffled = await send({ reorder: 'shuffle', seed: 3 }, acks);
  expect(shuffled).toHaveLength(6);
  expect(shuffled).not.toEqual(acks);
});
