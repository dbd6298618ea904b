import type { FastifySchemaValidationError } from 'fastify';

/**
 * Fastify's default message for an unknown or missing property names only the container
 * ("querystring must NOT have additional properties"). A client fixing its request needs the
 * field, so every message starts with its full path: `querystring/spce: is not a known property`.
 */
export function validationMessage(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const lines = errors.map((e) => {
    const extra = e.params.missingProperty ?? e.params.additionalProperty;
    const field = `${dataVar}${e.instancePath}${typeof extra === 'string' ? `/${extra}` : ''}`;
    const what =
      e.keyword === 'required'
        ? 'is required'
        : e.keyword === 'additionalProperties'
          ? 'is not a known property'
          : (e.message ?? 'is invalid');
    return `${field}: ${what}`;
  });
  return new Error(lines.join('; '));
}
