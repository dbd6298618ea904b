/**
 * Sent stream frames that the other side has not acknowledged yet, in sequence order, with what the
 * resend timer needs. Its byte total is what back-pressure looks at.
 *
 * Which frames to resend follows TCP with selective acknowledgements: a frame older than one already
 * acknowledged was lost, and is resent once its timeout has passed; a frame with nothing acknowledged
 * after it may just be late (the peer is busy), so only the oldest of those is resent. A slow peer
 * then costs one resend per timeout, not a storm of them that would slow it down further.
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
  private highestAcked = -1;

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
    if (sequenceNumber > this.highestAcked) this.highestAcked = sequenceNumber;
    return entry;
  }

  /** The oldest unacknowledged frame. */
  get oldest(): UnackedFrame | undefined {
    return this.frames.values().next().value;
  }

  /**
   * The frames to resend now (at most `limit`), marked as resent. `timeoutFor(resends)` is how long a
   * frame resent that many times waits for its acknowledgement.
   */
  takeDue(now: number, timeoutFor: (resends: number) => number, limit: number): UnackedFrame[] {
    const due: UnackedFrame[] = [];
    let oldest = true;
    for (const frame of this.frames.values()) {
      if (due.length >= limit) break;
      const lost = oldest || frame.sequenceNumber < this.highestAcked;
      oldest = false;
      if (!lost) break;
      // Not yet sent: held while publication was paused.
      if (frame.firstSentAt === 0) continue;
      if (now - frame.lastSentAt >= timeoutFor(frame.resends)) {
        frame.resends++;
        frame.lastSentAt = now;
        due.push(frame);
      }
    }
    return due;
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
