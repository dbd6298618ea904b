import { SidecarError } from './errors';

/** What the SDK puts on a service error; `$operation` is stamped by core's client middleware. */
interface SdkError {
  name?: string;
  code?: string;
  $fault?: string;
  $operation?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/;
const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;
const EXPIRED =
  /ExpiredToken|RequestExpired|InvalidClientTokenId|UnrecognizedClient|CredentialsProviderError/;
const NETWORK = /ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|TimeoutError/;

/**
 * Turns a failed AWS call into an answer the panel can show. The message is ours, built only from
 * the error's name and the operation: AWS's own text can carry account ids, role ARNs and request
 * ids, and a 5xx must not pass on anything we did not write. The full error goes to the log.
 */
export function awsFailure(error: unknown): SidecarError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as SdkError;
  const isSdkError = e.$metadata !== undefined || e.$fault !== undefined || e.$operation !== undefined;
  const name = e.name ?? '';
  const code = e.code ?? '';
  if (!isSdkError && !NETWORK.test(code) && !NETWORK.test(name) && !EXPIRED.test(name)) return undefined;
  const op = e.$operation ? ` ${e.$operation}` : '';
  if (THROTTLED.test(name))
    return new SidecarError(503, `AWS is throttling${op}; try again in a moment`, { cause: error });
  if (DENIED.test(name)) {
    return new SidecarError(
      502,
      `the Studio execution role is not allowed to call${op || ' AWS'}; ask your Studio admin`,
      { cause: error },
    );
  }
  if (EXPIRED.test(name))
    return new SidecarError(502, 'the container has no valid AWS credentials right now', { cause: error });
  if (NETWORK.test(code) || NETWORK.test(name))
    return new SidecarError(502, `cannot reach AWS${op}`, { cause: error });
  return new SidecarError(502, `AWS call${op} failed (${name || 'unknown error'}); see the sidecar log`, {
    cause: error,
  });
}
