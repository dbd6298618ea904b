/**
 * The first frame on a new data channel: a websocket *text* frame of JSON carrying the token that
 * StartSession returned. Until the service has it, nothing else flows.
 */
import { randomUUID } from 'node:crypto';
import { MessageFormatError } from './errors';
import { parseJsonObject, stringField } from './json-payload';

export interface OpenDataChannelInput {
  MessageSchemaVersion: string;
  RequestId: string;
  TokenValue: string;
  ClientId: string;
  ClientVersion: string;
}

export const OPEN_SCHEMA_VERSION = '1.0';

export function encodeOpenDataChannel(fields: {
  tokenValue: string;
  clientId: string;
  clientVersion: string;
  requestId?: string;
}): string {
  const input: OpenDataChannelInput = {
    MessageSchemaVersion: OPEN_SCHEMA_VERSION,
    RequestId: fields.requestId ?? randomUUID(),
    TokenValue: fields.tokenValue,
    ClientId: fields.clientId,
    ClientVersion: fields.clientVersion,
  };
  return JSON.stringify(input);
}

/** ClientId and ClientVersion are optional: some clients (the Go ports) leave them out. */
export function parseOpenDataChannel(text: string): OpenDataChannelInput {
  const obj = parseJsonObject(Buffer.from(text, 'utf8'), 'open data channel frame');
  const token = stringField(obj, 'TokenValue', 'open data channel frame');
  if (token === '')
    throw new MessageFormatError('payload', 'open data channel frame has an empty TokenValue');
  return {
    MessageSchemaVersion: stringField(obj, 'MessageSchemaVersion', 'open data channel frame'),
    RequestId: stringField(obj, 'RequestId', 'open data channel frame'),
    TokenValue: token,
    ClientId: typeof obj.ClientId === 'string' ? obj.ClientId : '',
    ClientVersion: typeof obj.ClientVersion === 'string' ? obj.ClientVersion : '',
  };
}
