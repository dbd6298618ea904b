/**
 * Faults on purpose: wraps a FrameTransport so that stream frames and acknowledgements, both ways, are
 * dropped, duplicated or reordered. The sessions must deliver every byte in order regardless; tests
 * and the emulator's fault injection use it to show they do. The open frame and channel_closed pass
 * untouched, as nothing resends them (the service carries them over TCP).
 */
import { MessageType } from './message-types';
import type { FrameTransport, TransportClose } from './transport';

export interface Chaos {
  /** Probability that a frame is dropped. @default 0 */
  drop?: number;
  /** Probability that a frame is delivered twice. @default 0 */
  duplicate?: number;
  /** How each batch of frames (those sent or received in one turn of the event loop) is reordered. @default 'none' */
  reorder?: 'none' | 'reverse' | 'shuffle';
  /** Seed of the pseudo-random choices, so a failure can be replayed. @default 1 */
  seed?: number;
}

export interface ChaosStats {
  passed: number;
  dropped: number;
  duplicated: number;
}

export interface ChaosTransport extends FrameTransport {
  readonly stats: ChaosStats;
}

const AFFECTED = new Set<string>([
  MessageType.InputStreamData,
  MessageType.OutputStreamData,
  MessageType.Acknowledge,
]);

export function withChaos(inner: FrameTransport, chaos: Chaos): ChaosTransport {
  const stats: ChaosStats = { passed: 0, dropped: 0, duplicated: 0 };
  const random = mulberry32(chaos.seed ?? 1);
  let deliver: (frame: Buffer | string) => void = () => undefined;
  const outgoing = new Batch(chaos, random, stats, (frame) => inner.send(frame));
  const incoming = new Batch(chaos, random, stats, (frame) => deliver(frame));
  inner.onMessage((frame) => incoming.add(frame));

  return {
    stats,
    send: (frame) => outgoing.add(frame),
    onMessage(listener) {
      deliver = listener;
    },
    onClose(listener) {
      inner.onClose((info: TransportClose) => {
        // What arrived before the close is still delivered first, as a websocket would.
        incoming.flush();
        listener(info);
      });
    },
    close(code, reason) {
      outgoing.flush();
      inner.close(code, reason);
    },
    get bufferedAmount() {
      return inner.bufferedAmount;
    },
  };
}

class Batch {
  private frames: (Buffer | string)[] = [];
  private scheduled = false;

  constructor(
    private readonly chaos: Chaos,
    private readonly random: () => number,
    private readonly stats: ChaosStats,
    private readonly forward: (frame: Buffer | string) => void,
  ) {}

  add(frame: Buffer | string): void {
    this.frames.push(frame);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.frames;
    this.frames = [];
    const out: (Buffer | string)[] = [];
    const slots: number[] = [];
    for (const frame of batch) {
      if (!affected(frame)) {
        out.push(frame);
        continue;
      }
      if (this.random() < (this.chaos.drop ?? 0)) {
        this.stats.dropped++;
        continue;
      }
      slots.push(out.length);
      out.push(frame);
      if (this.random() < (this.chaos.duplicate ?? 0)) {
        this.stats.duplicated++;
        slots.push(out.length);
        out.push(frame);
      }
    }
    this.reorder(out, slots);
    for (const frame of out) {
      this.stats.passed++;
      this.forward(frame);
    }
  }

  /** Permutes the affected frames among the slots they occupy; the others keep their places. */
  private reorder(out: (Buffer | string)[], slots: number[]): void {
    const mode = this.chaos.reorder ?? 'none';
    if (mode === 'none' || slots.length < 2) return;
    const frames = slots.map((slot) => out[slot]!);
    if (mode === 'reverse') frames.reverse();
    else {
      for (let i = frames.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        const swap = frames[i]!;
        frames[i] = frames[j]!;
        frames[j] = swap;
      }
    }
    slots.forEach((slot, k) => (out[slot] = frames[k]!));
  }
}

function affected(frame: Buffer | string): boolean {
  return (
    typeof frame !== 'string' && frame.length >= 36 && AFFECTED.has(frame.toString('latin1', 4, 36).trimEnd())
  );
}

/** A small seeded PRNG (mulberry32): chaos that can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
