import { AwsError } from '../http/aws-error';
import type { RequestContext } from '../services/service';

/**
 * Hands a JSON 1.1 call on to moto from inside a handler, with the caller's own signing headers: for
 * operations served here for some resources (managed-instance tags) and moto's for the others
 * (parameter tags). moto's answer, or its error with moto's code, becomes the handler's.
 */
export async function callMoto(
  ctx: RequestContext,
  target: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const upstream = ctx.config.upstreamUrl;
  if (upstream === undefined)
    throw new AwsError(
      'NotImplemented',
      `${target} for this resource is moto's, and no upstream (moto) is configured`,
      501,
    );
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
  };
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token']) {
    const value = ctx.headers?.[name];
    if (typeof value === 'string') headers[name] = value;
  }
  let status: number;
  let text: string;
  let errorType: string | null;
  try {
    const res = await fetch(new URL('/', upstream), { method: 'POST', headers, body: JSON.stringify(input) });
    status = res.status;
    errorType = res.headers.get('x-amzn-errortype');
    text = await res.text();
  } catch (err) {
    throw new AwsError(
      'InternalServerError',
      `The emulator could not reach moto: ${(err as Error).message}`,
      500,
    );
  }
  let body: Record<string, unknown> = {};
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    throw new AwsError('InternalServerError', `moto answered ${target} with something that is not JSON`, 500);
  }
  if (status >= 200 && status < 300) return body;
  const type = (typeof body['__type'] === 'string' ? body['__type'] : (errorType ?? 'InternalServerError'))
    .split('#')
    .pop()
    ?.split(':')[0];
  const message = body['message'] ?? body['Message'] ?? `moto answered HTTP ${status}`;
  throw new AwsError(type || 'InternalServerError', String(message), status);
}
