/**
 * An error the emulator answers with, named by its AWS error code (what the SDK surfaces as
 * `error.name`). 4xx are the caller's fault, 5xx the service's: the SDK retries the latter.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}

export const notFound = (message: string): AwsError => new AwsError('ResourceNotFound', message);
export const inUse = (message: string): AwsError => new AwsError('ResourceInUse', message);
export const limitExceeded = (message: string): AwsError => new AwsError('ResourceLimitExceeded', message);
export const invalid = (message: string): AwsError => new AwsError('ValidationException', message);

/** AWS's wording when a request fails validation: "2 validation errors detected: …; …". */
export function validationError(problems: string[]): AwsError {
  const n = problems.length;
  return invalid(`${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
}

/**
 * Errors any AWS JSON service may answer with although no model lists them (the service framework's
 * own). Together with a model's exception shapes, the only codes a contract-abiding response may carry.
 */
export const COMMON_ERROR_CODES = new Set([
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
  'ThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
  'AccessDeniedException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidSignatureException',
  'NotImplemented',
  'RequestEntityTooLarge',
]);
