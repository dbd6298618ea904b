/**
 * The receiving side's bookkeeping: the next sequence number to deliver, frames that arrived ahead of
 * it, and which frames we have not acknowledged yet. Delivery is strictly in sequence order.
 *
 * A frame is acknowledged on arrival while fewer than `limit` bytes wait for our reader (held here or
 * in its stream buffer); beyond that, its acknowledgement is owed until the reader catches up, so a
 * peer that respects its window (ours) stops sending. Past twice the limit (a peer that does not stop,
 * like the Go agent), frames are dropped unacknowledged and come back as resends.
 *
 * Two exceptions keep a gap from becoming a deadlock. The missing frame the held ones wait for is never
 * dropped: refusing it for lack of room, which they take, would refuse it forever. And owed
 * acknowledgements are paid once the reader itself has room, whatever is held: held frames wait for
 * the gap, not for the reader, and a sender resends the missing frame only after the ones before it
 * are acknowledged (the plugin and the agent look at their oldest unacknowledged frame only).
 */
import type { ClientMessage } from './message';

/** What an acknowledgement needs of a frame, without keeping the frame alive. */
export type AckRef = Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>;

export type Arrival =
  /** Seen before: acknowledge it again (ours may have been lost) unless that acknowledgement is owed. */
  | { kind: 'duplicate'; ackAgain: boolean }
  /** No room: not acknowledged, so the sender resends it later. */
  | { kind: 'dropped' }
  /** Kept. `deliver` holds it and the held frames it unblocked, in order; empty if it came early. */
  | { kind: 'accepted'; ack: boolean; deliver: ClientMessage[] };

export class IncomingBuffer {
  private next = 0;
  private readonly held = new Map<number, ClientMessage>();
  private heldBytes = 0;
  private readonly owed = new Map<number, AckRef>();

  /** @param limit bytes waiting for the reader above which acknowledgements are held back */
  constructor(private readonly limit: number) {}

  /** The sequence number the reader needs next. */
  get expected(): number {
    return this.next;
  }

  /** `waiting`: bytes already handed to the reader but not read yet. */
  receive(message: ClientMessage, waiting: number): Arrival {
    const seq = message.sequenceNumber;
    if (seq < this.next || this.held.has(seq)) return { kind: 'duplicate', ackAgain: !this.owed.has(seq) };
    const buffered = waiting + this.heldBytes;
    const unblocksHeld = seq === this.next && this.held.size > 0;
    if (!unblocksHeld && buffered + message.payload.length > 2 * this.limit) return { kind: 'dropped' };
    const ack = buffered < this.limit;
    if (!ack)
      this.owed.set(seq, {
        messageType: message.messageType,
        messageId: message.messageId,
        sequenceNumber: seq,
      });
    if (seq !== this.next) {
      this.held.set(seq, message);
      this.heldBytes += message.payload.length;
      return { kind: 'accepted', ack, deliver: [] };
    }
    const deliver = [message];
    this.next += 1;
    for (let ready = this.held.get(this.next); ready; ready = this.held.get(this.next)) {
      this.held.delete(this.next);
      this.heldBytes -= ready.payload.length;
      deliver.push(ready);
      this.next += 1;
    }
    return { kind: 'accepted', ack, deliver };
  }

  /** The owed acknowledgements, now that the reader has room (`waiting` below the limit again). */
  takeOwed(waiting: number): AckRef[] {
    if (this.owed.size === 0 || waiting >= this.limit) return [];
    const refs = [...this.owed.values()];
    this.owed.clear();
    return refs;
  }

  clear(): void {
    this.held.clear();
    this.heldBytes = 0;
    this.owed.clear();
  }
}
