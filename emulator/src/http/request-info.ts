import type { IncomingMessage } from 'node:http';

/** What the headers alone tell about a request: enough to route, count and fault it without its body. */
export interface RequestInfo {
  /** `SageMaker.ListApps` for the JSON protocols, else undefined. */
  target?: string;
  targetPrefix?: string;
  operation?: string;
  /** The SigV4 signing name (`sts`, `s3`, `ssm`, …) or the target prefix lower-cased; `unknown` if neither. */
  service: string;
}

export function describeRequest(req: IncomingMessage): RequestInfo {
  const target = header(req, 'x-amz-target');
  const dot = target?.lastIndexOf('.') ?? -1;
  const targetPrefix = target !== undefined && dot > 0 ? target.slice(0, dot) : undefined;
  const operation = target !== undefined && dot > 0 ? target.slice(dot + 1) : undefined;
  return {
    ...(target !== undefined ? { target } : {}),
    ...(targetPrefix !== undefined ? { targetPrefix } : {}),
    ...(operation !== undefined ? { operation } : {}),
    service: signingService(req) ?? targetPrefix?.toLowerCase() ?? 'unknown',
  };
}

/** From `Credential=AKID/20240101/us-east-1/sts/aws4_request`, in the header or a presigned URL. */
function signingService(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  const fromHeader = auth
    ? /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth)?.[1]
    : undefined;
  if (fromHeader !== undefined) return fromHeader;
  const query = new URL(req.url ?? '/', 'http://local').searchParams.get('X-Amz-Credential');
  return query ? query.split('/')[3] : undefined;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
