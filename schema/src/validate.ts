import './formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Validates `value` against a schema of ours and returns it typed, or throws one error whose message
 * names every offending field by its JSON path (`/domains/0/apps/3/instanceType: ...`).
 */
export function parseWith<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  const withDefaults = Value.Default(schema, structuredClone(value));
  const errors = [...Value.Errors(schema, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.slice(0, 10).map((e) => `  ${e.path || '/'}: ${e.message}`);
    const more = errors.length > 10 ? `\n  … and ${errors.length - 10} more` : '';
    throw new SchemaError(`${what} is invalid:\n${lines.join('\n')}${more}`);
  }
  return withDefaults as Static<T>;
}

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}
