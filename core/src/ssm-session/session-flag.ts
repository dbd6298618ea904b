/** Flag payloads: one big-endian uint32 (see SessionFlag). */
import { MessageFormatError } from './errors';
import { SessionFlag } from './message-types';

export function encodeSessionFlag(flag: SessionFlag): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(flag, 0);
  return payload;
}

export function parseSessionFlag(payload: Buffer): number {
  if (payload.length !== 4) {
    throw new MessageFormatError('payload', `a flag payload is 4 bytes, this one is ${payload.length}`);
  }
  return payload.readUInt32BE(0);
}

export function sessionFlagName(flag: number): string {
  for (const [name, value] of Object.entries(SessionFlag)) if (value === flag) return name;
  return `SessionFlag(${flag})`;
}
