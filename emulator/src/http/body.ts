import type { IncomingMessage } from 'node:http';
import { AwsError } from './aws-error';

/** Larger than any request the served operations take; guards against a runaway client. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new AwsError('RequestEntityTooLarge', `The request body is over ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
