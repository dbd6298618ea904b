/** The bookkeeping under the sessions, on its own: receive order, resend choice, timeouts. */
import { decodeMessage, encodeMessage, RetransmissionTimer } from '../../src/ssm-session';
import { IncomingBuffer } from '../../src/ssm-session/incoming-buffer';
import { OutgoingWindow } from '../../src/ssm-session/outgoing-window';

const frame = (sequenceNumber: number, size = 10) =>
  decodeMessage(
    encodeMessage({ messageType: 'output_stream_data', sequenceNumber, payload: Buffer.alloc(size) }),
  );

describe('IncomingBuffer', () => {
  test('delivers in order, whatever the arrival order', () => {
    const buffer = new IncomingBuffer(1000);
    const order: number[] = [];
    for (const seq of [2, 0, 3, 1]) {
      const arrival = buffer.receive(frame(seq), 0);
      if (arrival.kind === 'accepted') order.push(...arrival.deliver.map((m) => m.sequenceNumber));
    }
    expect(order).toEqual([0, 1, 2, 3]);
    expect(buffer.expected).toBe(4);
  });

  test('recognises duplicates, delivered or held', () => {
    const buffer = new IncomingBuffer(1000);
    buffer.receive(frame(0), 0);
    buffer.receive(frame(2), 0);
    expect(buffer.receive(frame(0), 0)).toEqual({ kind: 'duplicate', ackAgain: true });
    expect(buffer.receive(frame(2), 0)).toEqual({ kind: 'duplicate', ackAgain: true });
  });

  test('owes acknowledgements above the limit, drops above twice the limit, pays when the reader catches up', () => {
    const buffer = new IncomingBuffer(100);
    expect(buffer.receive(frame(0, 60), 0)).toMatchObject({ kind: 'accepted', ack: true });
    // 60 bytes wait in the reader: still under the limit.
    expect(buffer.receive(frame(1, 60), 60)).toMatchObject({ kind: 'accepted', ack: true });
    // 120 wait: over the limit, the ack is owed; a resend of it is not acknowledged either.
    expect(buffer.receive(frame(2, 60), 120)).toMatchObject({ kind: 'accepted', ack: false });
    expect(buffer.receive(frame(2, 60), 180)).toEqual({ kind: 'duplicate', ackAgain: false });
    expect(buffer.receive(frame(3, 60), 180)).toEqual({ kind: 'dropped' });
    expect(buffer.takeOwed(150)).toEqual([]);
    expect(buffer.takeOwed(40).map((ref) => ref.sequenceNumber)).toEqual([2]);
    expect(buffer.receive(frame(2, 60), 40)).toEqual({ kind: 'duplicate', ackAgain: true });
  });
});

describe('OutgoingWindow', () => {
  const timeout = (): number => 100;

  test('counts payload bytes until acknowledged', () => {
    const window = new OutgoingWindow();
    window.add(0, Buffer.alloc(130), 10, 1);
    window.add(1, Buffer.alloc(140), 20, 1);
    expect([window.count, window.bytes]).toEqual([2, 30]);
    expect(window.acknowledge(0)?.sequenceNumber).toBe(0);
    expect(window.acknowledge(0)).toBeUndefined();
    expect([window.count, window.bytes]).toEqual([1, 20]);
  });

  test('with nothing acknowledged, only the oldest frame is resent', () => {
    const window = new OutgoingWindow();
    for (let seq = 0; seq < 5; seq++) window.add(seq, Buffer.alloc(1), 1, 1000);
    expect(window.takeDue(1050, timeout, 64)).toEqual([]);
    expect(window.takeDue(1100, timeout, 64).map((f) => f.sequenceNumber)).toEqual([0]);
  });

  test('frames older than an acknowledged one are lost: all of them are resent', () => {
    const window = new OutgoingWindow();
    for (let seq = 0; seq < 6; seq++) window.add(seq, Buffer.alloc(1), 1, 1000);
    window.acknowledge(3);
    const due = window.takeDue(1200, timeout, 64);
    expect(due.map((f) => f.sequenceNumber)).toEqual([0, 1, 2]);
    expect(due.every((f) => f.resends === 1 && f.lastSentAt === 1200)).toBe(true);
    // Not again before their (backed-off) timeout.
    expect(window.takeDue(1250, timeout, 64)).toEqual([]);
    expect(window.takeDue(1300, timeout, 2)).toHaveLength(2);
  });
});

describe('RetransmissionTimer', () => {
  test('starts at 200 ms, follows the measured round trip, within its floor and cap', () => {
    const timer = new RetransmissionTimer({ minTimeoutMs: 50, maxTimeoutMs: 1000 });
    expect(timer.timeoutMs).toBe(200);
    for (let i = 0; i < 50; i++) timer.sample(20);
    expect(timer.smoothedRttMs).toBeCloseTo(20, 0);
    expect(timer.timeoutMs).toBe(50);
    for (let i = 0; i < 50; i++) timer.sample(5000);
    expect(timer.timeoutMs).toBe(1000);
  });

  test('backs off per resend, up to the cap', () => {
    const timer = new RetransmissionTimer({ minTimeoutMs: 100, maxTimeoutMs: 1000 });
    expect([0, 1, 2, 3, 4].map((n) => timer.timeoutFor(n))).toEqual([200, 400, 800, 1000, 1000]);
  });
});
