/**
 * The binary frame both ends of the data channel exchange (the plugin's ClientMessage, the agent's
 * AgentMessage: the same layout). Big-endian throughout:
 *
 *   offset  size  field
 *        0     4  header length: always 116, the offset of the payload-length field
 *        4    32  message type, ASCII, right-padded with spaces
 *       36     4  schema version
 *       40     8  created date, ms since the epoch
 *       48     8  sequence number (signed)
 *       56     8  flags (SYN = 1, FIN = 2)
 *       64    16  message id: a UUID stored as its bytes 8..15 then its bytes 0..7
 *       80    32  SHA-256 of the payload
 *      112     4  payload type
 *      116     4  payload length
 *      120     …  payload
 */
import { hash, randomFillSync } from 'node:crypto';
import { MessageFormatError } from './errors';
import { MessageType, SCHEMA_VERSION } from './message-types';

export const HEADER_LENGTH = 116;
export const PAYLOAD_OFFSET = 120;

const Offset = {
  headerLength: 0,
  messageType: 4,
  schemaVersion: 36,
  createdDate: 40,
  sequenceNumber: 48,
  flags: 56,
  messageId: 64,
  payloadDigest: 80,
  payloadType: 112,
  payloadLength: 116,
} as const;
const MESSAGE_TYPE_LENGTH = 32;
const DIGEST_LENGTH = 32;
const EMPTY = Buffer.alloc(0);

/** A decoded frame. `payload` is a view into the received frame, not a copy. */
export interface ClientMessage {
  messageType: string;
  schemaVersion: number;
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Lower-case, hyphenated, in the UUID's own byte order (as acknowledgements quote it). */
  messageId: string;
  payloadType: number;
  payload: Buffer;
}

/** What a sender chooses; everything else has a protocol default. */
export interface OutgoingMessage {
  messageType: MessageType | string;
  sequenceNumber?: number;
  flags?: number;
  payloadType?: number;
  payload?: Buffer;
  /** Random when absent. */
  messageId?: string;
  /** `Date.now()` when absent. */
  createdDate?: number;
  schemaVersion?: number;
}

function sha256(data: Buffer): Buffer {
  // The one-shot form: per frame, creating a Hash object costs more than hashing a 1 KiB payload.
  return hash('sha256', data, 'buffer') as unknown as Buffer;
}

/** Serialises a message. One allocation: the payload is copied once, into the frame. */
export function encodeMessage(message: OutgoingMessage): Buffer {
  const payload = message.payload ?? EMPTY;
  const type = message.messageType;
  if (type.length === 0 || type.length > MESSAGE_TYPE_LENGTH || !/^[\x20-\x7e]+$/.test(type)) {
    throw new MessageFormatError('messageType', `"${type}" is not 1 to 32 printable ASCII characters`);
  }
  const frame = Buffer.allocUnsafe(PAYLOAD_OFFSET + payload.length);
  frame.writeUInt32BE(HEADER_LENGTH, Offset.headerLength);
  frame.fill(0x20, Offset.messageType, Offset.messageType + MESSAGE_TYPE_LENGTH);
  frame.write(type, Offset.messageType, 'latin1');
  frame.writeUInt32BE(message.schemaVersion ?? SCHEMA_VERSION, Offset.schemaVersion);
  writeUint64(frame, Offset.createdDate, message.createdDate ?? Date.now(), 'createdDate');
  writeInt64(frame, Offset.sequenceNumber, message.sequenceNumber ?? 0);
  writeUint64(frame, Offset.flags, message.flags ?? 0, 'flags');
  if (message.messageId) writeMessageId(frame, Offset.messageId, message.messageId);
  else writeRandomMessageId(frame, Offset.messageId);
  sha256(payload).copy(frame, Offset.payloadDigest);
  frame.writeUInt32BE(message.payloadType ?? 0, Offset.payloadType);
  frame.writeUInt32BE(payload.length, Offset.payloadLength);
  payload.copy(frame, PAYLOAD_OFFSET);
  return frame;
}

/**
 * Parses and validates a frame. Throws MessageFormatError naming the first field that is wrong; a
 * receiver drops such a frame without acknowledging it, so an honest sender resends it.
 */
export function decodeMessage(frame: Buffer): ClientMessage {
  if (frame.length < PAYLOAD_OFFSET) {
    throw new MessageFormatError(
      'length',
      `frame is ${frame.length} bytes; a message needs at least ${PAYLOAD_OFFSET} (header and payload length)`,
    );
  }
  const headerLength = frame.readUInt32BE(Offset.headerLength);
  if (headerLength !== HEADER_LENGTH) {
    throw new MessageFormatError('headerLength', `is ${headerLength}, expected ${HEADER_LENGTH}`);
  }
  const messageType = readMessageType(frame);
  const payloadLength = frame.readUInt32BE(Offset.payloadLength);
  const available = frame.length - PAYLOAD_OFFSET;
  if (payloadLength !== available) {
    throw new MessageFormatError(
      payloadLength > available ? 'payload' : 'payloadLength',
      payloadLength > available
        ? `truncated: payload length says ${payloadLength} bytes but only ${available} follow the header`
        : `says ${payloadLength} bytes but ${available} follow the header`,
    );
  }
  const payload = frame.subarray(PAYLOAD_OFFSET);
  const message = new DecodedMessage(
    frame,
    messageType,
    frame.readUInt32BE(Offset.schemaVersion),
    readUint64(frame, Offset.createdDate, 'createdDate'),
    readInt64(frame, Offset.sequenceNumber),
    readUint64(frame, Offset.flags, 'flags'),
    frame.readUInt32BE(Offset.payloadType),
    payload,
  );
  // Like both Go implementations: the service's publication notices carry no meaningful body, and an
  // empty payload's digest is not checked (some senders leave it zero).
  if (messageType === MessageType.StartPublication || messageType === MessageType.PausePublication) {
    return message;
  }
  if (message.createdDate === 0) throw new MessageFormatError('createdDate', 'is missing (zero)');
  if (payloadLength > 0) {
    const digest = frame.subarray(Offset.payloadDigest, Offset.payloadDigest + DIGEST_LENGTH);
    if (!sha256(payload).equals(digest)) {
      throw new MessageFormatError('payloadDigest', 'does not match the SHA-256 of the payload');
    }
  }
  return message;
}

/** A decoded frame whose message id is formatted only if asked for (acknowledgements need it, nothing else). */
class DecodedMessage implements ClientMessage {
  private id: string | undefined;
  constructor(
    private readonly frame: Buffer,
    readonly messageType: string,
    readonly schemaVersion: number,
    readonly createdDate: number,
    readonly sequenceNumber: number,
    readonly flags: number,
    readonly payloadType: number,
    readonly payload: Buffer,
  ) {}

  get messageId(): string {
    this.id ??= readMessageId(this.frame, Offset.messageId);
    return this.id;
  }
}

/** The known types, padded as on the wire, so the common case is a byte comparison and no string work. */
const PADDED_TYPES = Object.values(MessageType).map((type) => {
  const padded = Buffer.alloc(MESSAGE_TYPE_LENGTH, 0x20);
  padded.write(type, 'latin1');
  return { type, padded };
});

function readMessageType(frame: Buffer): string {
  for (const { type, padded } of PADDED_TYPES) {
    if (
      frame.compare(
        padded,
        0,
        MESSAGE_TYPE_LENGTH,
        Offset.messageType,
        Offset.messageType + MESSAGE_TYPE_LENGTH,
      ) === 0
    ) {
      return type;
    }
  }
  // Go trims NULs and then whitespace; a type of only padding is "missing".
  const raw = frame.toString('latin1', Offset.messageType, Offset.messageType + MESSAGE_TYPE_LENGTH);
  const type = raw.replace(/^\0+|\0+$/g, '').trim();
  if (type === '') throw new MessageFormatError('messageType', 'is empty');
  return type;
}

/** The UUID's second half (bytes 8..15) goes first on the wire, then its first half. */
export function writeMessageId(frame: Buffer, offset: number, uuid: string): void {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new MessageFormatError('messageId', `"${uuid}" is not a UUID`);
  frame.write(hex.slice(16), offset, 'hex');
  frame.write(hex.slice(0, 16), offset + 8, 'hex');
}

/** Random ids come straight from a pool of random bytes, with the UUID v4 version and variant bits set. */
const randomPool = Buffer.allocUnsafe(16 * 256);
let poolOffset = randomPool.length;

function writeRandomMessageId(frame: Buffer, offset: number): void {
  if (poolOffset === randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  randomPool.copy(frame, offset, poolOffset, poolOffset + 16);
  poolOffset += 16;
  // UUID byte 6 (version 4) is in the second wire half, UUID byte 8 (variant 10xx) starts the first.
  frame[offset + 8 + 6] = (frame[offset + 8 + 6]! & 0x0f) | 0x40;
  frame[offset] = (frame[offset]! & 0x3f) | 0x80;
}

export function readMessageId(frame: Buffer, offset: number): string {
  const hex = frame.toString('hex', offset + 8, offset + 16) + frame.toString('hex', offset, offset + 8);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const TWO_32 = 2 ** 32;

function writeInt64(frame: Buffer, offset: number, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new MessageFormatError('sequenceNumber', `${value} is not a safe integer`);
  }
  // Two's complement in two 32-bit halves: floor division keeps the high half right for negatives.
  const high = Math.floor(value / TWO_32);
  frame.writeInt32BE(high, offset);
  frame.writeUInt32BE(value - high * TWO_32, offset + 4);
}

function writeUint64(frame: Buffer, offset: number, value: number, field: 'createdDate' | 'flags'): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MessageFormatError(field, `${value} is not a non-negative safe integer`);
  }
  frame.writeUInt32BE(Math.floor(value / TWO_32), offset);
  frame.writeUInt32BE(value % TWO_32, offset + 4);
}

function readInt64(frame: Buffer, offset: number): number {
  const high = frame.readInt32BE(offset);
  // |high| < 2^21 keeps the value within ±2^53.
  if (high >= 0x200000 || high < -0x200000) {
    throw new MessageFormatError('sequenceNumber', `${frame.readBigInt64BE(offset)} is beyond 2^53`);
  }
  return high * TWO_32 + frame.readUInt32BE(offset + 4);
}

function readUint64(frame: Buffer, offset: number, field: 'createdDate' | 'flags'): number {
  const high = frame.readUInt32BE(offset);
  if (high >= 0x200000)
    throw new MessageFormatError(field, `${frame.readBigUInt64BE(offset)} is beyond 2^53`);
  return high * TWO_32 + frame.readUInt32BE(offset + 4);
}
