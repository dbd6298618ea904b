import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SidecarError } from '../../errors';
import type { ErrorResponse } from '@studio-teams/schema';

/** What every unexpected failure says to the client; the details are in the log under its request id. */
export const INTERNAL_ERROR_MESSAGE = 'internal error';

function statusOf(error: FastifyError | SidecarError): number {
  if (error instanceof SidecarError) return error.statusCode;
  if (error.validation) return 400;
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 600 ? status : 500;
}

export function errorBody(status: number, message: string, request: FastifyRequest): ErrorResponse {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId: request.id };
}

/**
 * One place decides what a client may learn from a failure. A 4xx message is about the request and
 * safe to return; a 5xx message is whatever broke inside (paths, ARNs, SDK internals) and stays in
 * the log unless it was written for the client (SidecarError). Stack traces never leave the process.
 */
export default fp(
  async function errorHandler(fastify: FastifyInstance) {
    fastify.setErrorHandler(function handle(error: FastifyError, request, reply: FastifyReply) {
      const status = statusOf(error);
      const deliberate = error instanceof SidecarError;
      const cause = (error as Error).cause;
      if (status >= 500 && (!deliberate || cause !== undefined)) {
        request.log.error(
          { err: deliberate ? cause : error, statusCode: status, reason: error.message },
          'request failed',
        );
      } else if (status >= 500) {
        // A state we explain to the client (e.g. not inside Studio), not a fault of ours.
        request.log.warn({ statusCode: status, reason: error.message }, 'request refused');
      } else {
        request.log.info({ statusCode: status, reason: error.message }, 'request refused');
      }
      const message = status < 500 || deliberate ? error.message : INTERNAL_ERROR_MESSAGE;
      return reply.code(status).send(errorBody(status, message, request));
    });
  },
  { name: 'error-handler' },
);
