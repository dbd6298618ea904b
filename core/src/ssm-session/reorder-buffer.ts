/**
 * Incoming stream frames that arrived ahead of their turn, keyed by sequence number, and the number of
 * the next frame to deliver. Delivery is strictly in sequence order.
 */
import type { ClientMessage } from './message';

export class ReorderBuffer {
  private next = 0;
  private readonly held = new Map<number, ClientMessage>();
  private heldTotal = 0;

  /** The sequence number the consumer needs next. */
  get expected(): number {
    return this.next;
  }

  get heldBytes(): number {
    return this.heldTotal;
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** True for a frame already delivered or already held: a duplicate. */
  has(sequenceNumber: number): boolean {
    return sequenceNumber < this.next || this.held.has(sequenceNumber);
  }

  hold(message: ClientMessage): void {
    this.held.set(message.sequenceNumber, message);
    this.heldTotal += message.payload.length;
  }

  /** Marks the expected frame as delivered (it arrived in order and was never held). */
  advance(): void {
    this.next += 1;
  }

  /** Takes the expected frame out of the buffer when it is there, and advances past it. */
  takeNext(): ClientMessage | undefined {
    const message = this.held.get(this.next);
    if (!message) return undefined;
    this.held.delete(this.next);
    this.heldTotal -= message.payload.length;
    this.next += 1;
    return message;
  }

  clear(): void {
    this.held.clear();
    this.heldTotal = 0;
  }
}
