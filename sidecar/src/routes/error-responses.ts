import { ErrorResponse } from '@studio-teams/schema';

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
