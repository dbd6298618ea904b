import { Type, type Static } from '@sinclair/typebox';

/** The body of every 4xx and 5xx answer. */
export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'The HTTP reason phrase.' }),
    message: Type.String({ description: 'What went wrong; "internal error" for any unexpected 5xx.' }),
    requestId: Type.String({ description: 'Appears in the sidecar log next to the details.' }),
  },
  { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** The error answers every authenticated route may give, declared once for the OpenAPI document. */
export const commonErrorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  429: ErrorResponse,
  500: ErrorResponse,
  503: ErrorResponse,
};
