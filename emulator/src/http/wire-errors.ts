import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AwsError } from './aws-error';
import { header, type RequestInfo } from './request-info';

/**
 * How the caller's protocol spells an error. Injected faults and "no upstream" answers reach every
 * service through this server, and each SDK only understands its own protocol's errors: JSON for the
 * JSON and REST-JSON services, the query protocol's XML for STS/IAM/SES, S3's own XML for S3.
 */
export type WireFormat = 'json' | 'query' | 's3';

const QUERY_SERVICES = new Set(['sts', 'iam', 'ses', 'sns', 'sqs', 'ec2', 'elasticloadbalancing', 'rds']);

export function wireFormatOf(req: IncomingMessage, info: RequestInfo): WireFormat {
  if (info.target !== undefined) return 'json';
  if (info.service === 's3') return 's3';
  const type = header(req, 'content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || QUERY_SERVICES.has(info.service))
    return 'query';
  return 'json';
}

/** Query and S3 name the same conditions differently; the SDKs' retry logic knows these names. */
const QUERY_CODES: Record<string, string> = { ThrottlingException: 'Throttling' };
const S3_CODES: Record<string, string> = {
  ThrottlingException: 'SlowDown',
  InternalFailure: 'InternalError',
};

export function sendWireError(
  res: ServerResponse,
  format: WireFormat,
  error: AwsError,
  requestId: string,
  messageKey: 'message' | 'Message' = 'message',
): void {
  if (format === 'json') {
    const body = JSON.stringify({ __type: error.code, [messageKey]: error.message });
    res.writeHead(error.status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const message = escapeXml(error.message);
  let status = error.status;
  let body: string;
  if (format === 's3') {
    const code = S3_CODES[error.code] ?? error.code;
    if (code === 'SlowDown') status = 503;
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
  } else {
    const code = QUERY_CODES[error.code] ?? error.code;
    const type = status >= 500 ? 'Receiver' : 'Sender';
    body = `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  }
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'x-amz-request-id': requestId,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
