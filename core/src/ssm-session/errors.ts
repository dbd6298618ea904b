/**
 * The two ways the data channel fails: a frame that does not parse (the peer or the wire is at fault,
 * and the frame is dropped so the sender resends it), and a session that cannot go on (the user has
 * to act, so it is a UserError the CLI prints as one line).
 */
import { UserError } from '../errors';

/** Which part of a frame was wrong, so a test or a log line can point at the exact field. */
export type MessageField =
  | 'length'
  | 'headerLength'
  | 'messageType'
  | 'schemaVersion'
  | 'createdDate'
  | 'sequenceNumber'
  | 'flags'
  | 'messageId'
  | 'payloadDigest'
  | 'payloadType'
  | 'payloadLength'
  | 'payload';

export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
  constructor(
    readonly field: MessageField,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export type SessionErrorCode =
  /** The agent asked for KMS encryption of the session, which this client does not implement. */
  | 'kms-encryption-unsupported'
  /** One side refused an action the other asked for in the handshake. */
  | 'handshake-refused'
  /** No handshake (or open frame) arrived in time. */
  | 'handshake-timeout'
  /** The service or agent closed the channel before the session started. */
  | 'channel-closed'
  /** The agent could not connect to the target port (sshd not running, wrong port). */
  | 'connect-to-port-failed'
  /** A frame stayed unacknowledged for too long: the other side is gone. */
  | 'resend-timeout'
  /** The websocket (or whatever carries the frames) closed under a live session. */
  | 'transport-closed'
  /** The peer sent something the protocol does not allow at that point. */
  | 'protocol';

export class SessionError extends UserError {
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, undefined, options);
  }
}
