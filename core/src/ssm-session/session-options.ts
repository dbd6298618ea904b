/** The knobs, statistics and outcomes of a session, shared by the client and the agent end. */
import type { RetransmissionOptions } from './retransmission';

/**
 * The plugin's and the agent's StreamDataPayloadSize. The service is only known to accept frames of
 * this size; raise it only when both ends are ours (the emulator), where larger frames are much faster.
 */
export const PLUGIN_PAYLOAD_SIZE = 1024;

export interface SessionOptions {
  /** Largest payload of one stream frame; larger writes are split. @default PLUGIN_PAYLOAD_SIZE */
  maxPayloadSize?: number;
  /**
   * Unacknowledged payload bytes at which writes wait. More only adds queueing delay on loopback,
   * and covers 20 MB/s at a 100 ms round trip. @default 2 MiB
   */
  maxUnackedBytes?: number;
  /** Received bytes waiting for the consumer above which acknowledgements are held back. @default 8 MiB */
  maxBufferedIncomingBytes?: number;
  /** How often unacknowledged frames are checked for resending. @default 100 (as the plugin) */
  resendIntervalMs?: number;
  /** Resends per check at most, so a burst of timeouts does not flood the channel. @default 64 */
  maxResendsPerInterval?: number;
  retransmission?: RetransmissionOptions;
  /** A frame unacknowledged this long ends the session. @default 300000 (the plugin's 5 minutes) */
  resendTimeoutMs?: number;
  /** How long a graceful end waits for outstanding acknowledgements. @default 5000 */
  closeTimeoutMs?: number;
  /** How long the opening and the handshake may take. @default 30000 */
  handshakeTimeoutMs?: number;
  /** Stream payloads other than data (`StdErr`, `ExitCode`, `Size`, …), in sequence order. */
  onPayload?: (payloadType: number, payload: Buffer) => void;
  /** Flags (DisconnectToPort, TerminateSession, ConnectToPortError) the peer sent. */
  onFlag?: (flag: number) => void;
  /** Diagnostics, one line each (for `--verbose`). */
  debug?: (line: string) => void;
}

export interface SessionStats {
  framesSent: number;
  framesResent: number;
  framesReceived: number;
  duplicatesReceived: number;
  outOfOrderReceived: number;
  /** Frames that failed validation (bad digest, truncated, …) and were dropped. */
  framesRejected: number;
  /** Frames dropped unacknowledged because the receive buffer was full. */
  framesDropped: number;
  acksSent: number;
  acksReceived: number;
  /** Data payload bytes written by us / delivered to our reader. */
  bytesSent: number;
  bytesReceived: number;
  unackedFrames: number;
  unackedBytes: number;
  smoothedRttMs: number;
  retransmissionTimeoutMs: number;
}

export type SessionEndReason =
  /** We ended it gracefully (the writable side ended, or `close()`). */
  | 'ended'
  /** A TerminateSession flag was sent (client) or received (agent). */
  | 'terminated'
  /** The client sent DisconnectToPort (agent end). */
  | 'disconnected'
  /** The service (or our agent end) sent channel_closed. */
  | 'channel-closed'
  | 'error'
  /** `destroy()` without an error. */
  | 'destroyed';

export interface SessionEnd {
  reason: SessionEndReason;
  /** channel_closed's Output, or the reason our agent end gave: empty when the session simply ended. */
  output?: string;
  error?: Error;
}

export type ResolvedSessionOptions = Required<
  Omit<SessionOptions, 'onPayload' | 'onFlag' | 'debug' | 'retransmission'>
>;

export const SESSION_DEFAULTS: ResolvedSessionOptions = {
  maxPayloadSize: PLUGIN_PAYLOAD_SIZE,
  maxUnackedBytes: 2 * 1024 * 1024,
  maxBufferedIncomingBytes: 8 * 1024 * 1024,
  resendIntervalMs: 100,
  maxResendsPerInterval: 64,
  resendTimeoutMs: 300_000,
  closeTimeoutMs: 5000,
  handshakeTimeoutMs: 30_000,
};
