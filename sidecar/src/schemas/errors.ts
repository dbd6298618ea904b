import { Type, type Static } from '@sinclair/typebox';

/** The body of every 4xx and 5xx answer. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String({ description: 'The HTTP reason phrase.' }),
  message: Type.String({ description: 'What went wrong; "internal error" for any unexpected 5xx.' }),
  requestId: Type.String({ description: 'Appears in the sidecar log next to the details.' }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/**
 * The error answers every authenticated route that reads Studio may give, declared once for the
 * OpenAPI document: no token (401), a foreign Host (403), AWS failing (502; 503 when throttled),
 * not inside Studio (503), anything else (500).
 */
export const commonErrorResponses = {
  401: ErrorResponse,
  403: ErrorResponse,
  500: ErrorResponse,
  502: ErrorResponse,
  503: ErrorResponse,
};
