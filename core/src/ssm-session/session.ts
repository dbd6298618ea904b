/**
 * What both ends of a data channel share: a Duplex stream over a FrameTransport where everything
 * written goes out as numbered stream frames that stay buffered until acknowledged (and are resent
 * until they are), and everything read is the peer's frames in sequence order, whatever order they
 * arrived in. The client end (ClientSession) and the agent end (AgentSession) add the opening, the
 * handshake and how a session ends.
 *
 * Flow control, both ways, so nothing buffers without bound:
 * - sending: once `maxUnackedBytes` are unacknowledged, the write callback waits, so a piped source
 *   (stdin, a TCP socket) is paused until acknowledgements come back;
 * - receiving: a frame is acknowledged only while less than `maxBufferedIncomingBytes` wait for the
 *   consumer; beyond that its acknowledgement is owed until the consumer catches up, so our own peer
 *   stops on its window. Past twice that, frames are dropped unacknowledged and come back as resends.
 */
import { Duplex } from 'node:stream';
import { encodeAcknowledge, parseAcknowledge } from './acknowledge';
import { parseChannelClosed } from './channel-closed';
import { MessageFormatError, SessionError } from './errors';
import { decodeMessage, encodeMessage, type ClientMessage } from './message';
import { MessageFlag, MessageType, PayloadType, payloadTypeName, type SessionFlag } from './message-types';
import { OutgoingWindow } from './outgoing-window';
import { IncomingBuffer, type AckRef } from './incoming-buffer';
import { RetransmissionTimer } from './retransmission';
import {
  SESSION_DEFAULTS,
  type ResolvedSessionOptions,
  type SessionEnd,
  type SessionEndReason,
  type SessionOptions,
  type SessionStats,
} from './session-options';
import { encodeSessionFlag } from './session-flag';
import type { FrameTransport, TransportClose } from './transport';

/** Payloads this large are handed to the reader on their own (see pushData). */
const PUSHED_AS_IS_BYTES = 16 * 1024;

export abstract class DataChannelSession<Info> extends Duplex {
  /** Resolves when data can flow (the handshake is done); rejects when the session fails before that. */
  readonly ready: Promise<Info>;
  /** Resolves (never rejects) once the session is over, saying why. */
  readonly outcome: Promise<SessionEnd>;

  protected readonly settings: ResolvedSessionOptions;
  protected readonly debug: (line: string) => void;
  protected readonly onPayload: ((payloadType: number, payload: Buffer) => void) | undefined;
  protected readonly onFlag: ((flag: number) => void) | undefined;

  /** input_stream_data for the client, output_stream_data for the agent. */
  protected abstract readonly outgoingType: MessageType;
  protected abstract readonly incomingType: MessageType;
  /** The agent marks its first stream frame SYN; the plugin never does. */
  protected abstract readonly synOnFirstFrame: boolean;

  private readonly window = new OutgoingWindow();
  private readonly incoming: IncomingBuffer;
  private readonly timer: RetransmissionTimer;
  private readonly waiters = new Set<() => void>();
  private readonly counters = {
    framesSent: 0,
    framesResent: 0,
    framesReceived: 0,
    duplicatesReceived: 0,
    outOfOrderReceived: 0,
    framesRejected: 0,
    framesDropped: 0,
    acksSent: 0,
    acksReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
  private nextSequence = 0;
  /** Payloads delivered in this turn of the event loop, not yet pushed: see pushData. */
  private unpushed: Buffer[] = [];
  private unpushedBytes = 0;
  private resendTicker: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private publicationPaused = false;
  private transportClosed = false;
  private inputEnded = false;
  private isReady = false;
  private sessionEnd: SessionEnd | undefined;
  private ending: Promise<void> | undefined;
  /**
   * Set once we have said goodbye: the peer closing the channel (or the transport) is then the answer
   * we expect, not news.
   */
  protected endingAs: SessionEndReason | undefined;
  /** The write being sent, frame by frame as the window allows; its callback runs once all is sent. */
  private sending: { chunk: Buffer; offset: number; callback: (error?: Error | null) => void } | undefined;
  /** The one write Node hands us before the handshake is done. */
  private writeBeforeReady: { chunk: Buffer; callback: (error?: Error | null) => void } | undefined;
  private resolveReady!: (info: Info) => void;
  private rejectReady!: (error: Error) => void;
  private resolveClosed!: (end: SessionEnd) => void;

  constructor(
    protected readonly transport: FrameTransport,
    options: SessionOptions = {},
  ) {
    super({ allowHalfOpen: false, readableHighWaterMark: 256 * 1024, writableHighWaterMark: 64 * 1024 });
    this.settings = { ...SESSION_DEFAULTS, ...definedOnly(options) };
    if (this.settings.maxPayloadSize < 1) throw new RangeError('maxPayloadSize must be at least 1');
    this.timer = new RetransmissionTimer(options.retransmission);
    this.incoming = new IncomingBuffer(this.settings.maxBufferedIncomingBytes);
    this.debug = options.debug ?? (() => undefined);
    this.onPayload = options.onPayload;
    this.onFlag = options.onFlag;
    this.ready = new Promise<Info>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A caller that only pipes and never awaits `ready` must not crash the process on a failure.
    this.ready.catch(() => undefined);
    this.outcome = new Promise<SessionEnd>((resolve) => {
      this.resolveClosed = resolve;
    });
    this.handshakeTimer = setTimeout(() => this.onHandshakeTimeout(), this.settings.handshakeTimeoutMs);
    this.handshakeTimer.unref();
    transport.onMessage((frame) => this.onFrame(frame));
    transport.onClose((info) => this.onTransportClose(info));
  }

  get stats(): SessionStats {
    return {
      ...this.counters,
      unackedFrames: this.window.count,
      unackedBytes: this.window.bytes,
      smoothedRttMs: this.timer.smoothedRttMs,
      retransmissionTimeoutMs: this.timer.timeoutMs,
    };
  }

  /** Sends a flag payload (a sequenced frame like any other). */
  sendFlag(flag: SessionFlag): number {
    return this.sendStream(PayloadType.Flag, encodeSessionFlag(flag));
  }

  // --- for the two ends --------------------------------------------------------------------------

  /** An in-order stream frame of the peer (already acknowledged or owed). */
  protected abstract process(message: ClientMessage): void;

  /** The last words of a graceful end, after our data is acknowledged: a flag, or channel_closed. */
  protected abstract goodbye(): Promise<void>;

  /** Text frames: only the agent end expects one (the open frame). */
  protected onText(text: string): void {
    this.debug(`ignoring a ${text.length}-character text frame`);
  }

  /** Called when the opening and handshake did not finish in time. */
  protected onHandshakeTimeout(): void {
    this.fail(
      new SessionError('handshake-timeout', 'the session did not start: no handshake from the other side'),
    );
  }

  /** Sends one sequenced stream frame; returns its sequence number (-1 once the session is over). */
  protected sendStream(payloadType: number, payload: Buffer): number {
    if (this.sessionEnd) return -1;
    const sequenceNumber = this.nextSequence++;
    const frame = encodeMessage({
      messageType: this.outgoingType,
      sequenceNumber,
      flags: sequenceNumber === 0 && this.synOnFirstFrame ? MessageFlag.Syn : 0,
      payloadType,
      payload,
    });
    const live = !this.publicationPaused && !this.transportClosed;
    this.window.add(sequenceNumber, frame, payload.length, live ? Date.now() : 0);
    if (live) {
      this.transport.send(frame);
      this.counters.framesSent++;
    }
    this.armResendTicker();
    return sequenceNumber;
  }

  /** Unsequenced frames: acknowledgements, channel_closed, the open frame. */
  protected sendRaw(frame: Buffer | string): void {
    if (!this.transportClosed) this.transport.send(frame);
  }

  protected markReady(info: Info): void {
    if (this.isReady || this.sessionEnd) return;
    this.isReady = true;
    clearTimeout(this.handshakeTimer);
    this.resolveReady(info);
    const pending = this.writeBeforeReady;
    this.writeBeforeReady = undefined;
    if (pending) this.sendData(pending.chunk, pending.callback);
  }

  protected get started(): boolean {
    return this.isReady;
  }

  protected get over(): boolean {
    return this.sessionEnd !== undefined;
  }

  /**
   * Hands stream bytes to our reader. Small payloads of one turn of the event loop (a websocket read
   * often carries dozens of the service's 1 KiB frames) reach it as one chunk at the end of that turn:
   * piped into ssh or a socket, that is one write instead of one per frame. A large payload is already
   * a good write and goes as it is, rather than be copied.
   */
  protected pushData(payload: Buffer): void {
    if (this.inputEnded || payload.length === 0) return;
    this.counters.bytesReceived += payload.length;
    if (payload.length >= PUSHED_AS_IS_BYTES) {
      this.flushPushes();
      this.push(payload);
      return;
    }
    if (this.unpushed.length === 0) process.nextTick(() => this.flushPushes());
    this.unpushed.push(payload);
    this.unpushedBytes += payload.length;
  }

  /** Resolves true once `sequenceNumber` is acknowledged, false on timeout or when the session ends. */
  protected waitForAck(sequenceNumber: number, timeoutMs = this.settings.closeTimeoutMs): Promise<boolean> {
    return this.waitUntil(() => !this.window.has(sequenceNumber), timeoutMs);
  }

  /**
   * A graceful end: wait (bounded) until everything we sent is acknowledged, say goodbye, close. Used
   * when our writable side ends and by the agent's `close()`.
   */
  protected endGracefully(): Promise<void> {
    this.ending ??= (async () => {
      await Promise.race([this.ready.catch(() => undefined), this.outcome]);
      if (this.sessionEnd) return;
      await this.waitUntil(() => this.window.count === 0, this.settings.closeTimeoutMs);
      if (this.sessionEnd) return;
      this.endingAs = 'ended';
      await this.goodbye();
      this.finish({ reason: 'ended' });
    })();
    return this.ending;
  }

  /**
   * Ends the session: stops timers, closes the transport, ends our reader (what was delivered stays
   * readable), settles `ready` and `outcome`. Idempotent; the first reason wins.
   */
  protected finish(end: SessionEnd): void {
    if (this.sessionEnd) return;
    this.sessionEnd = end;
    this.debug(
      `session over: ${end.reason}${end.output ? ` (${end.output})` : ''}${end.error ? `: ${end.error.message}` : ''}`,
    );
    clearTimeout(this.handshakeTimer);
    this.disarmResendTicker();
    this.window.clear();
    this.incoming.clear();
    if (!this.transportClosed) {
      this.transportClosed = true;
      this.transport.close(1000, end.reason);
    }
    this.endInput();
    if (!this.isReady) {
      this.rejectReady(
        end.error ??
          new SessionError(
            'channel-closed',
            `the session ended before it started (${end.reason}${end.output ? `: ${end.output}` : ''})`,
          ),
      );
    }
    // Writes from now on are dropped, as bytes written to a closed pipe: see writeChunk.
    const sending = this.sending;
    this.sending = undefined;
    sending?.callback();
    const pending = this.writeBeforeReady;
    this.writeBeforeReady = undefined;
    pending?.callback();
    for (const waiter of [...this.waiters]) waiter();
    this.resolveClosed(end);
  }

  /** Ends the session with an error: `ready` rejects with it, and it is emitted if anyone listens. */
  protected fail(error: Error): void {
    if (this.sessionEnd) return;
    this.finish({ reason: 'error', error });
    // Without a listener an 'error' event would crash the process; `ready` and `outcome` carry it.
    this.destroy(this.listenerCount('error') > 0 ? error : undefined);
  }

  // --- Duplex ------------------------------------------------------------------------------------

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeChunk(chunk, callback);
  }

  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    callback: (error?: Error | null) => void,
  ): void {
    // Several small writes queued while the window was full: send them as full-size frames.
    this.writeChunk(
      chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)),
      callback,
    );
  }

  private writeChunk(chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (this.sessionEnd) return callback();
    if (!this.isReady) {
      this.writeBeforeReady = { chunk, callback };
      return;
    }
    this.sendData(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.endGracefully().then(
      () => callback(),
      (err: Error) => callback(err),
    );
  }

  override _read(): void {
    this.flushOwedAcks();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.finish(error ? { reason: 'error', error } : { reason: 'destroyed' });
    callback(error);
  }

  // --- sending -----------------------------------------------------------------------------------

  private sendData(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.sending = { chunk, offset: 0, callback };
    this.pumpData();
  }

  /** Sends the current write's next frames while the window has room; called again on every ack. */
  private pumpData(): void {
    const sending = this.sending;
    if (!sending) return;
    const { chunk } = sending;
    const max = this.settings.maxPayloadSize;
    while (this.window.bytes < this.settings.maxUnackedBytes && sending.offset < chunk.length) {
      const end = Math.min(sending.offset + max, chunk.length);
      this.sendStream(PayloadType.Output, chunk.subarray(sending.offset, end));
      this.counters.bytesSent += end - sending.offset;
      sending.offset = end;
    }
    if (sending.offset >= chunk.length) {
      this.sending = undefined;
      sending.callback();
    }
  }

  private armResendTicker(): void {
    if (this.resendTicker || this.transportClosed) return;
    this.resendTicker = setInterval(() => this.resendDue(), this.settings.resendIntervalMs);
    this.resendTicker.unref();
  }

  private disarmResendTicker(): void {
    clearInterval(this.resendTicker);
    this.resendTicker = undefined;
  }

  private resendDue(): void {
    if (this.publicationPaused || this.transportClosed) return;
    const now = Date.now();
    const oldest = this.window.oldest;
    if (oldest && oldest.firstSentAt > 0 && now - oldest.firstSentAt > this.settings.resendTimeoutMs) {
      this.fail(
        new SessionError(
          'resend-timeout',
          `frame ${oldest.sequenceNumber} stayed unacknowledged for ${Math.round(this.settings.resendTimeoutMs / 1000)} s: ` +
            'the other side of the session is gone',
        ),
      );
      return;
    }
    // Over a websocket nothing is lost while the connection lives: a frame still queued behind
    // others is late, not lost, and resending it would only lengthen the queue.
    if ((this.transport.bufferedAmount ?? 0) > 0) return;
    const due = this.window.takeDue(
      now,
      (resends) => this.timer.timeoutFor(resends),
      this.settings.maxResendsPerInterval,
    );
    for (const frame of due) this.transport.send(frame.frame);
    this.counters.framesResent += due.length;
  }

  // --- receiving ---------------------------------------------------------------------------------

  private onFrame(frame: Buffer | string): void {
    if (this.sessionEnd) return;
    if (typeof frame === 'string') return this.onText(frame);
    let message: ClientMessage;
    try {
      message = decodeMessage(frame);
    } catch (err) {
      if (!(err instanceof MessageFormatError)) throw err;
      // Unacknowledged, so an honest sender resends it.
      this.counters.framesRejected++;
      this.debug(`dropping a bad frame: ${err.message}`);
      return;
    }
    switch (message.messageType) {
      case MessageType.Acknowledge:
        return this.onAcknowledge(message);
      case this.incomingType:
        return this.onStreamData(message);
      case MessageType.ChannelClosed:
        return this.onChannelClosed(message);
      case MessageType.PausePublication:
        this.publicationPaused = true;
        return;
      case MessageType.StartPublication:
        return this.resumePublication();
      default:
        this.debug(`ignoring a ${message.messageType} message`);
    }
  }

  /** Sends what was held while the service had paused publication. */
  private resumePublication(): void {
    if (!this.publicationPaused) return;
    this.publicationPaused = false;
    const now = Date.now();
    for (const frame of this.window.values()) {
      if (frame.firstSentAt !== 0) continue;
      frame.firstSentAt = frame.lastSentAt = now;
      this.transport.send(frame.frame);
      this.counters.framesSent++;
    }
  }

  private onAcknowledge(message: ClientMessage): void {
    let sequenceNumber: number;
    try {
      const content = parseAcknowledge(message.payload);
      if (content.AcknowledgedMessageType !== this.outgoingType) return;
      sequenceNumber = content.AcknowledgedMessageSequenceNumber;
    } catch (err) {
      this.counters.framesRejected++;
      this.debug(`dropping a bad acknowledgement: ${(err as Error).message}`);
      return;
    }
    // Like the agent: any sign of life from the other side means publication is back on.
    this.resumePublication();
    this.counters.acksReceived++;
    const frame = this.window.acknowledge(sequenceNumber);
    if (!frame) return;
    if (frame.resends === 0 && frame.firstSentAt > 0) this.timer.sample(Date.now() - frame.firstSentAt);
    if (this.window.count === 0) this.disarmResendTicker();
    this.pumpData();
    for (const waiter of [...this.waiters]) waiter();
  }

  private onStreamData(message: ClientMessage): void {
    this.resumePublication();
    this.counters.framesReceived++;
    const arrival = this.incoming.receive(message, this.waitingBytes);
    if (arrival.kind === 'duplicate') {
      this.counters.duplicatesReceived++;
      if (arrival.ackAgain) this.sendAck(message);
      // A resend of a frame whose acknowledgement we owe: pay it (and the rest) if the reader has room.
      else this.flushOwedAcks();
      return;
    }
    if (arrival.kind === 'dropped') {
      this.counters.framesDropped++;
      return;
    }
    if (arrival.ack) this.sendAck(message);
    if (arrival.deliver.length === 0) this.counters.outOfOrderReceived++;
    for (const next of arrival.deliver) {
      if (this.sessionEnd) return;
      this.deliver(next);
    }
    this.flushOwedAcks();
  }

  private deliver(message: ClientMessage): void {
    try {
      this.process(message);
    } catch (err) {
      if (!(err instanceof MessageFormatError)) throw err;
      // Already acknowledged, so it will not come again: the session cannot go on.
      this.fail(
        new SessionError('protocol', `bad ${payloadTypeName(message.payloadType)} payload: ${err.message}`),
      );
    }
  }

  private onChannelClosed(message: ClientMessage): void {
    const content = parseChannelClosed(message.payload);
    if (!this.isReady) {
      this.fail(
        new SessionError(
          'channel-closed',
          `the session was closed before it started${content.Output ? `: ${content.Output}` : ''}`,
        ),
      );
      return;
    }
    this.finish(
      this.endingAs ? { reason: this.endingAs } : { reason: 'channel-closed', output: content.Output },
    );
  }

  private onTransportClose(info: TransportClose): void {
    this.transportClosed = true;
    if (this.sessionEnd) return;
    if (this.endingAs) return this.finish({ reason: this.endingAs });
    const code =
      info.code !== undefined ? ` (websocket code ${info.code}${info.reason ? `: ${info.reason}` : ''})` : '';
    const cause = info.error ? `: ${info.error.message}` : '';
    this.fail(new SessionError('transport-closed', `the data channel closed unexpectedly${code}${cause}`));
  }

  private sendAck(message: AckRef): void {
    this.sendRaw(encodeAcknowledge(message));
    this.counters.acksSent++;
  }

  private flushOwedAcks(): void {
    for (const ref of this.incoming.takeOwed(this.waitingBytes)) this.sendAck(ref);
  }

  /** Bytes delivered to our reader and not read yet, this turn's included. */
  private get waitingBytes(): number {
    return this.readableLength + this.unpushedBytes;
  }

  private flushPushes(): void {
    const parts = this.unpushed;
    if (parts.length === 0) return;
    const bytes = this.unpushedBytes;
    this.unpushed = [];
    this.unpushedBytes = 0;
    if (!this.destroyed) this.push(parts.length === 1 ? parts[0] : Buffer.concat(parts, bytes));
  }

  private endInput(): void {
    if (this.inputEnded) return;
    // What was delivered before the end stays readable.
    this.flushPushes();
    this.inputEnded = true;
    if (!this.destroyed) this.push(null);
  }

  private waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (done()) return resolve(true);
      if (this.sessionEnd) return resolve(false);
      const check = (): void => {
        if (done()) settle(true);
        else if (this.sessionEnd) settle(false);
      };
      const settle = (result: boolean): void => {
        clearTimeout(timeout);
        this.waiters.delete(check);
        resolve(result);
      };
      const timeout = setTimeout(() => settle(false), timeoutMs);
      this.waiters.add(check);
    });
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
