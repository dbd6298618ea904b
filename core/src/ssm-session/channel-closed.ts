/**
 * `channel_closed`: the service telling the client that the session is over, with an optional
 * human-readable reason in `Output`. Our agent end plays the service and sends it.
 */
import { encodeJson, parseJsonObject } from './json-payload';
import { encodeMessage } from './message';
import { MessageFlag, MessageType, SCHEMA_VERSION } from './message-types';
import { randomUUID } from 'node:crypto';

export interface ChannelClosedContent {
  MessageId: string;
  CreatedDate: string;
  DestinationId: string;
  SessionId: string;
  MessageType: string;
  SchemaVersion: number;
  /** Empty when the session simply ended; otherwise why it was closed. */
  Output: string;
}

export function encodeChannelClosed(fields: {
  sessionId?: string;
  destinationId?: string;
  output?: string;
}): Buffer {
  const messageId = randomUUID();
  const now = Date.now();
  const content: ChannelClosedContent = {
    MessageId: messageId,
    CreatedDate: new Date(now).toISOString(),
    DestinationId: fields.destinationId ?? '',
    SessionId: fields.sessionId ?? '',
    MessageType: MessageType.ChannelClosed,
    SchemaVersion: SCHEMA_VERSION,
    Output: fields.output ?? '',
  };
  return encodeMessage({
    messageType: MessageType.ChannelClosed,
    messageId,
    createdDate: now,
    flags: MessageFlag.Syn | MessageFlag.Fin,
    payload: encodeJson(content),
  });
}

/** Lenient: a malformed body still means "closed", just without a reason. */
export function parseChannelClosed(payload: Buffer): ChannelClosedContent {
  let obj: Record<string, unknown> = {};
  try {
    obj = parseJsonObject(payload, 'channel_closed content');
  } catch {
    // keep the defaults below
  }
  const str = (key: string): string => (typeof obj[key] === 'string' ? (obj[key] as string) : '');
  return {
    MessageId: str('MessageId'),
    CreatedDate: str('CreatedDate'),
    DestinationId: str('DestinationId'),
    SessionId: str('SessionId'),
    MessageType: MessageType.ChannelClosed,
    SchemaVersion: typeof obj.SchemaVersion === 'number' ? obj.SchemaVersion : SCHEMA_VERSION,
    Output: str('Output'),
  };
}
