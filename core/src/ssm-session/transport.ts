/**
 * What the session needs from whatever carries its frames: a websocket in real life, an in-memory pair
 * in tests. Binary frames are Buffers; the open-data-channel frame is the one text frame (a string).
 */

export interface TransportClose {
  /** Websocket close code, when there was one. */
  code?: number;
  reason?: string;
  /** Set when the transport failed rather than closed. */
  error?: Error;
}

export interface FrameTransport {
  send(frame: Buffer | string): void;
  /** Registers the one listener for incoming frames. */
  onMessage(listener: (frame: Buffer | string) => void): void;
  /** Registers the one listener called once when the transport is gone, whoever closed it. */
  onClose(listener: (info: TransportClose) => void): void;
  close(code?: number, reason?: string): void;
  /**
   * Bytes accepted by `send` but not yet written to the network. While it is non-zero, frames sent
   * earlier may not even have left, so resending them would only add to the queue.
   */
  readonly bufferedAmount?: number;
}
