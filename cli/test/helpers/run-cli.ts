import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { run } from '../../src/run';
import type { CliIo } from '../../src/utils/io';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  opened: string[];
}

export interface RunOptions {
  env: Record<string, string | undefined>;
  isTTY?: boolean;
  /** Lines typed at the prompt. */
  input?: string;
  signal?: AbortSignal;
}

/** Runs sm-studio in-process with captured streams and a browser that only records what it was given. */
export async function runCli(argv: string[], opts: RunOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const opened: string[] = [];
  const stdin = new PassThrough();
  if (opts.input !== undefined) stdin.end(opts.input);
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: opts.env,
    isTTY: opts.isTTY ?? false,
    openUrl: (url) => void opened.push(url),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, opened };
}

/** An endpoint that counts requests and fails them all: proves a command made no AWS call. */
export async function countingEndpoint(): Promise<{
  url: string;
  count: () => number;
  close: () => Promise<void>;
}> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n += 1;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' }).end('{"__type":"InternalFailure"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, count: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
}
