/**
 * An error whose message was written for the user of the API. Only these carry their message to
 * the client when the status is 5xx (e.g. "not inside Studio"); any other 5xx becomes
 * "internal error", because an unexpected message may hold paths, ARNs or AWS request details.
 */
export class SidecarError extends Error {
  override readonly name = 'SidecarError';
  constructor(
    readonly statusCode: number,
    message: string,
    /** The underlying failure, logged with the request id and never sent. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const forbidden = (message: string): SidecarError => new SidecarError(403, message);
export const notFound = (message: string): SidecarError => new SidecarError(404, message);
export const conflict = (message: string): SidecarError => new SidecarError(409, message);
export const unavailable = (message: string): SidecarError => new SidecarError(503, message);
