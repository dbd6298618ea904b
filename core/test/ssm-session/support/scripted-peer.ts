/**
 * The other end of a session played by hand: the test decides every frame it sends (and when, and in
 * which order) and inspects every frame it receives. Used to check one of our ends against exactly
 * the frames the Go implementations would send.
 */
import {
  decodeMessage,
  encodeAcknowledge,
  encodeMessage,
  MessageFlag,
  MessageType,
  parseAcknowledge,
  PayloadType,
  type ClientMessage,
} from '../../../src/ssm-session';
import { encodeJson } from '../../../src/ssm-session/json-payload';
import type { MemoryTransport } from './memory-transport';

export class ScriptedPeer {
  readonly frames: ClientMessage[] = [];
  readonly texts: string[] = [];
  closed = false;
  private nextSequence = 0;
  private readonly listeners = new Set<() => void>();

  /** `role` is what the peer plays: an agent sends output_stream_data, a client input_stream_data. */
  constructor(
    readonly transport: MemoryTransport,
    readonly role: 'agent' | 'client',
  ) {
    transport.onMessage((frame) => {
      if (typeof frame === 'string') this.texts.push(frame);
      else this.frames.push(decodeMessage(frame));
      for (const listener of [...this.listeners]) listener();
    });
    transport.onClose(() => {
      this.closed = true;
      for (const listener of [...this.listeners]) listener();
    });
  }

  get streamType(): string {
    return this.role === 'agent' ? MessageType.OutputStreamData : MessageType.InputStreamData;
  }

  get peerStreamType(): string {
    return this.role === 'agent' ? MessageType.InputStreamData : MessageType.OutputStreamData;
  }

  /** Builds (and by default sends) a stream frame; returns it so a test can resend or reorder it. */
  stream(
    payloadType: number,
    payload: Buffer | string | object,
    options: { sequenceNumber?: number; send?: boolean } = {},
  ): Buffer {
    const sequenceNumber = options.sequenceNumber ?? this.nextSequence++;
    const body = Buffer.isBuffer(payload)
      ? payload
      : typeof payload === 'string'
        ? Buffer.from(payload)
        : encodeJson(payload);
    const frame = encodeMessage({
      messageType: this.streamType,
      sequenceNumber,
      flags: this.role === 'agent' && sequenceNumber === 0 ? MessageFlag.Syn : 0,
      payloadType,
      payload: body,
    });
    if (options.send ?? true) this.transport.send(frame);
    return frame;
  }

  output(text: string, sequenceNumber?: number): Buffer {
    return this.stream(
      PayloadType.Output,
      Buffer.from(text),
      sequenceNumber === undefined ? {} : { sequenceNumber },
    );
  }

  send(frame: Buffer | string): void {
    this.transport.send(frame);
  }

  ack(message: ClientMessage): void {
    this.transport.send(encodeAcknowledge(message));
  }

  /** Stream frames the other end sent us, in arrival order (resends included). */
  streamFrames(): ClientMessage[] {
    return this.frames.filter((f) => f.messageType === this.peerStreamType);
  }

  /** Sequence numbers the other end acknowledged, in arrival order. */
  acknowledged(): number[] {
    return this.frames
      .filter((f) => f.messageType === MessageType.Acknowledge)
      .map((f) => parseAcknowledge(f.payload).AcknowledgedMessageSequenceNumber);
  }

  /** Resolves once `condition` holds (checked on every frame), or rejects after `timeoutMs`. */
  until<T>(condition: () => T | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = condition();
        if (value !== undefined && value !== false) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for the other end's stream frame with this sequence number and payload type. */
  streamFrame(sequenceNumber: number, payloadType?: number): Promise<ClientMessage> {
    return this.until(
      () =>
        this.streamFrames().find(
          (f) =>
            f.sequenceNumber === sequenceNumber &&
            (payloadType === undefined || f.payloadType === payloadType),
        ),
      `stream frame ${sequenceNumber}`,
    );
  }
}
