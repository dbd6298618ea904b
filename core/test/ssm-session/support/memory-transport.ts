/**
 * Two connected in-memory FrameTransports, with optional chaos on the frames the protocol must survive:
 * stream data and acknowledgements may be dropped, duplicated, reversed or shuffled. The open frame
 * and channel_closed pass untouched, as over the service's TCP connections (nothing resends them).
 * Delivery is asynchronous, in batches, like a network.
 */
import type { FrameTransport, TransportClose } from '../../../src/ssm-session';

export interface Chaos {
  /** Probability that a frame is dropped. */
  drop?: number;
  /** Probability that a frame is delivered twice. */
  duplicate?: number;
  /** How each delivered batch is reordered. */
  reorder?: 'none' | 'reverse' | 'shuffle';
  seed?: number;
}

export interface LinkStats {
  delivered: number;
  dropped: number;
  duplicated: number;
}

const CLOSE: unique symbol = Symbol('close');
type Queued = Buffer | string | typeof CLOSE;
const CHAOTIC = new Set(['input_stream_data', 'output_stream_data', 'acknowledge']);

/** Deterministic PRNG (mulberry32) so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isChaotic(frame: Buffer | string): boolean {
  return (
    typeof frame !== 'string' && frame.length >= 36 && CHAOTIC.has(frame.toString('latin1', 4, 36).trim())
  );
}

class End implements FrameTransport {
  peer!: End;
  readonly stats: LinkStats = { delivered: 0, dropped: 0, duplicated: 0 };
  private messageListener: ((frame: Buffer | string) => void) | undefined;
  private closeListener: ((info: TransportClose) => void) | undefined;
  private outbox: Queued[] = [];
  private scheduled = false;
  private closed = false;
  private closeInfo: TransportClose | undefined;
  private closeSent: TransportClose = { code: 1000 };
  private readonly rng: () => number;

  constructor(private readonly chaos: Chaos) {
    this.rng = random(chaos.seed ?? 1);
  }

  send(frame: Buffer | string): void {
    if (this.closed) return;
    this.outbox.push(frame);
    this.schedule();
  }

  onMessage(listener: (frame: Buffer | string) => void): void {
    this.messageListener = listener;
  }

  onClose(listener: (info: TransportClose) => void): void {
    this.closeListener = listener;
    if (this.closeInfo) listener(this.closeInfo);
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    this.closeSent = { code, reason };
    // Like a websocket: what was sent before the close still arrives, then both ends see it close.
    this.outbox.push(CLOSE);
    this.schedule();
    this.reportClose(this.closeSent);
  }

  reportClose(info: TransportClose): void {
    if (this.closeInfo) return;
    this.closeInfo = info;
    this.closed = true;
    setImmediate(() => this.closeListener?.(info));
  }

  receive(frame: Buffer | string): void {
    if (this.closeInfo) return;
    this.messageListener?.(frame);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.outbox;
    this.outbox = [];
    const out: Queued[] = [];
    for (const frame of batch) {
      if (frame === CLOSE || !isChaotic(frame)) {
        out.push(frame);
        continue;
      }
      if (this.rng() < (this.chaos.drop ?? 0)) {
        this.stats.dropped++;
        continue;
      }
      out.push(frame);
      if (this.rng() < (this.chaos.duplicate ?? 0)) {
        this.stats.duplicated++;
        out.push(frame);
      }
    }
    this.reorder(out);
    for (const frame of out) {
      if (frame === CLOSE) {
        this.peer.reportClose(this.closeSent);
        continue;
      }
      this.stats.delivered++;
      this.peer.receive(frame);
    }
  }

  /** Reorders only the chaotic frames, in the slots they already occupy. */
  private reorder(out: Queued[]): void {
    const mode = this.chaos.reorder ?? 'none';
    if (mode === 'none') return;
    const slots: number[] = [];
    out.forEach((frame, i) => {
      if (frame !== CLOSE && isChaotic(frame)) slots.push(i);
    });
    const frames: Queued[] = slots.map((i) => out[i]!);
    if (mode === 'reverse') frames.reverse();
    else {
      for (let i = frames.length - 1; i > 0; i--) {
        const j = Math.floor(this.rng() * (i + 1));
        const swap = frames[i]!;
        frames[i] = frames[j]!;
        frames[j] = swap;
      }
    }
    slots.forEach((slot, k) => (out[slot] = frames[k]!));
  }
}

/** `[a, b]`: what is sent on one arrives on the other. Chaos applies to each direction separately. */
export function transportPair(aToB: Chaos = {}, bToA: Chaos = aToB): [End, End] {
  const a = new End(aToB);
  const b = new End({ ...bToA, seed: (bToA.seed ?? 1) + 1 });
  a.peer = b;
  b.peer = a;
  return [a, b];
}

export type MemoryTransport = End;
