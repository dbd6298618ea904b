/**
 * One error type for everything a user can act on, and the translation of AWS SDK errors into it.
 * The CLI prints `message` as one line and exits with `exitCode`; the sidecar turns it into a 4xx/5xx.
 */

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown when a wait is cancelled (Ctrl-C): whatever was already asked of AWS keeps happening. */
export class InterruptedError extends UserError {
  constructor() {
    super('interrupted; apps already asked to stop keep stopping', EXIT.interrupted);
  }
}

/** Where the calls went, so a message can say which profile and region to fix. */
export interface ErrorContext {
  /** How credentials were found, e.g. `profile sagemaker` or `environment credentials`. */
  credentialSource?: string;
  profile?: string;
  region?: string;
}

/** What the SDK attaches to a service error; read defensively because errors cross package versions. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  /** Set by our middleware in `aws/operation-tag.ts`. */
  $operation?: string;
}

const CREDENTIALS = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);
const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized']);
const NOT_FOUND = new Set([
  'ResourceNotFound',
  'ResourceNotFoundException',
  'NoSuchKey',
  'NoSuchBucket',
  'InvalidInstanceId',
  'InvocationDoesNotExist',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** Collapses a multi-line AWS message into one line a terminal can show. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function profileHint(ctx: ErrorContext): string {
  return ctx.profile ? ` --profile ${ctx.profile}` : '';
}

/**
 * Turns anything thrown by an AWS SDK call (or by our own code) into a one-line, actionable UserError.
 * `UserError`s pass through unchanged.
 */
export function describeAwsError(err: unknown, ctx: ErrorContext = {}): UserError {
  if (err instanceof UserError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorShape;
  const name = e.name ?? e.code ?? 'Error';
  const message = oneLine(e.message ?? String(err));
  const op = e.$operation ? ` (${e.$operation})` : '';
  const attempts = e.$metadata?.attempts;
  const where = ctx.region ? ` in ${ctx.region}` : '';

  if (CREDENTIALS.has(name) || /could not load credentials/i.test(message)) {
    if (ctx.profile && /profile/i.test(message)) {
      return new UserError(
        `AWS profile "${ctx.profile}" gave no credentials: ${message}. Check its section in ~/.aws/config ` +
          `(or ~/.aws/credentials), or pass --profile with another profile`,
        EXIT.failure,
        { cause: err },
      );
    }
    return new UserError(
      'no AWS credentials found: add a [profile sagemaker] section to ~/.aws/config ' +
        '(source_profile and role_arn, see the README), or pass --profile NAME',
      EXIT.failure,
      { cause: err },
    );
  }
  if (
    EXPIRED.has(name) ||
    /security token.*(expired|invalid)|token has expired|expired token/i.test(message)
  ) {
    return new UserError(
      `your AWS session has expired or its token is invalid${op}: re-authenticate ` +
        `(e.g. \`aws sso login${profileHint(ctx)}\` or refresh the source profile's keys) and try again`,
      EXIT.failure,
      { cause: err },
    );
  }
  if (THROTTLING.has(name)) {
    const tries = attempts ? ` on all ${attempts} attempts` : '';
    return new UserError(
      `AWS kept throttling the request${op}${tries}${where}; wait a minute and try again`,
      EXIT.failure,
      { cause: err },
    );
  }
  if (DENIED.has(name) || /not authorized to perform/i.test(message)) {
    const action = /perform: ([\w-]+:\w+)/.exec(message)?.[1] ?? e.$operation;
    const what = action ? `you may not call ${action}` : 'access denied';
    return new UserError(
      `${what}${where} with ${ctx.credentialSource ?? 'these credentials'}; ask your Studio admin for the permission ` +
        `or use another profile (${message})`,
      EXIT.failure,
      { cause: err },
    );
  }
  if (NOT_FOUND.has(name)) {
    return new UserError(`not found${op}: ${message}`, EXIT.failure, { cause: err });
  }
  if (name === 'ValidationException') {
    return new UserError(`AWS rejected the request${op}: ${message}`, EXIT.failure, { cause: err });
  }
  if (name === 'ResourceInUse' || name === 'ResourceLimitExceeded') {
    return new UserError(`${name}${op}: ${message}`, EXIT.failure, { cause: err });
  }
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) {
    const tries = attempts ? ` after ${attempts} attempts` : '';
    return new UserError(
      `AWS kept failing${op}${status ? ` with HTTP ${status}` : ''}${tries}${where}; try again later (${message})`,
      EXIT.failure,
      { cause: err },
    );
  }
  const code = (err as { code?: string } | null)?.code;
  if (
    (code && NETWORK.has(code)) ||
    NETWORK.has(name) ||
    /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)
  ) {
    return new UserError(
      `cannot reach AWS${op}${where}: ${message}. Check your network, or AWS_ENDPOINT_URL if you use a local Studio`,
      EXIT.failure,
      { cause: err },
    );
  }
  return new UserError(`${name}${op}: ${message}`, EXIT.failure, { cause: err });
}
