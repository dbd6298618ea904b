import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SidecarError } from './errors';
import { errorBody } from './plugins/app/error-handler';

/**
 * Longer than any name the routes accept (63), so an over-long path parameter is refused by its
 * schema (a 400 naming the field) rather than by the router; still far below Node's 16 KiB header
 * limit, so the router's own limit is reachable and handled below.
 */
export const MAX_PARAM_LENGTH = 1024;

/** What the router refused, in words that do not echo the raw URL back. */
function messageFor(error: FastifyError): string {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return `a path segment is longer than ${MAX_PARAM_LENGTH} characters`;
  }
  return 'the URL path is not valid: it has a malformed %-escape';
}

/**
 * Fastify answers a URL its router cannot take (a malformed %-escape, an over-long segment) itself,
 * before any hook: without the Host and token checks, with a body of its own that echoes the URL.
 * Found by schemathesis. Such a request now gets the checks every other request gets, in order
 * (403 foreign Host, 401 no token), then a 400 in the sidecar's error body.
 */
export async function onFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  let refusal: SidecarError;
  try {
    await request.server.checkHost(request);
    await request.server.authenticate(request, reply);
    refusal = new SidecarError(400, messageFor(error));
  } catch (thrown) {
    refusal = thrown instanceof SidecarError ? thrown : new SidecarError(400, messageFor(error));
  }
  request.log.info({ statusCode: refusal.statusCode, reason: refusal.message }, 'request refused');
  // The router's context predates setErrorHandler, so the body is written here, in the same shape.
  await reply.code(refusal.statusCode).send(errorBody(refusal.statusCode, refusal.message, request));
}
