/**
 * Sent stream frames that the other side has not acknowledged yet, in sequence order, with what the
 * resend timer needs. Its byte total is what back-pressure looks at.
 */

export interface UnackedFrame {
  readonly sequenceNumber: number;
  readonly frame: Buffer;
  /** Payload bytes, which is what the window limits (headers are noise). */
  readonly size: number;
  /** 0 while the frame waits for publication to resume (pause_publication). */
  firstSentAt: number;
  lastSentAt: number;
  resends: number;
}

export class OutgoingWindow {
  // A Map keeps insertion order, which is sequence order, and deletes by key in O(1).
  private readonly frames = new Map<number, UnackedFrame>();
  private total = 0;

  add(sequenceNumber: number, frame: Buffer, size: number, sentAt: number): UnackedFrame {
    const entry: UnackedFrame = {
      sequenceNumber,
      frame,
      size,
      firstSentAt: sentAt,
      lastSentAt: sentAt,
      resends: 0,
    };
    this.frames.set(sequenceNumber, entry);
    this.total += size;
    return entry;
  }

  /** Removes and returns the frame, or undefined for an unknown or repeated acknowledgement. */
  acknowledge(sequenceNumber: number): UnackedFrame | undefined {
    const entry = this.frames.get(sequenceNumber);
    if (!entry) return undefined;
    this.frames.delete(sequenceNumber);
    this.total -= entry.size;
    return entry;
  }

  has(sequenceNumber: number): boolean {
    return this.frames.has(sequenceNumber);
  }

  /** Oldest first. */
  values(): IterableIterator<UnackedFrame> {
    return this.frames.values();
  }

  get count(): number {
    return this.frames.size;
  }

  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.frames.clear();
    this.total = 0;
  }
}
