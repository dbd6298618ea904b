/**
 * Two connected in-memory FrameTransports. Delivery is asynchronous and in batches (one per turn of
 * the event loop), like a network; a close arrives after what was sent before it. Chaos, when asked
 * for, is applied by `withChaos` on one end, so each direction sees it once.
 */
import {
  withChaos,
  type Chaos,
  type ChaosStats,
  type FrameTransport,
  type TransportClose,
} from '../../../src/ssm-session';

const CLOSE: unique symbol = Symbol('close');

class End implements FrameTransport {
  peer!: End;
  private messageListener: ((frame: Buffer | string) => void) | undefined;
  private closeListener: ((info: TransportClose) => void) | undefined;
  private outbox: (Buffer | string | typeof CLOSE)[] = [];
  private scheduled = false;
  private closed = false;
  private closeInfo: TransportClose | undefined;
  private closeSent: TransportClose = { code: 1000 };

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
    if (!this.closeInfo) this.messageListener?.(frame);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const frame of this.outbox.splice(0)) {
        if (frame === CLOSE) this.peer.reportClose(this.closeSent);
        else this.peer.receive(frame);
      }
    });
  }
}

export type MemoryTransport = FrameTransport;

/** `[a, b]`: what is sent on one arrives on the other; `chaos` disturbs both directions. */
export function transportPair(chaos?: Chaos): [FrameTransport & { stats?: ChaosStats }, FrameTransport] {
  const a = new End();
  const b = new End();
  a.peer = b;
  b.peer = a;
  return [chaos ? withChaos(a, chaos) : a, b];
}
