/** Payloads other than raw stream bytes are UTF-8 JSON objects with PascalCase keys (Go's field tags). */
import { MessageFormatError } from './errors';

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Parses a JSON object payload; `what` names it in the error ("acknowledge content"). */
export function parseJsonObject(payload: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new MessageFormatError('payload', `${what} is not JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MessageFormatError('payload', `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function stringField(obj: Record<string, unknown>, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new MessageFormatError('payload', `${what} has no string ${key}`);
  return value;
}
