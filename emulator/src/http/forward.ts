import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Streams a request to the upstream (moto) unchanged: method, path, query, headers (Host included, so
 * S3 addressing and signatures see what the client sent) and body; streams the answer back the same way.
 * `onUnreachable` is called when no answer could start, so the caller can reply in the client's protocol.
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstreamUrl: string,
  onUnreachable: (reason: string) => void,
): void {
  const upstream = new URL(upstreamUrl);
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  const out = send({
    protocol: upstream.protocol,
    hostname: upstream.hostname,
    port: upstream.port,
    method: req.method,
    path: req.url,
    headers: req.headers,
  });
  out.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  out.on('error', (err) => {
    if (!res.headersSent) onUnreachable(`${upstream.host}: ${err.message}`);
    else res.destroy();
  });
  req.on('aborted', () => out.destroy());
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
}
