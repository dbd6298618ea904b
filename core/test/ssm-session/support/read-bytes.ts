import type { Readable } from 'node:stream';

/** Resolves with the first `length` bytes `stream` emits from now on, however they are chunked. */
export function readBytes(stream: Readable, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < length) return;
      stream.off('data', onData);
      resolve(Buffer.concat(chunks));
    };
    stream.on('data', onData);
  });
}
