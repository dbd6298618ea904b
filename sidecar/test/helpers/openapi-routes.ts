import type { InjectOptions } from 'fastify';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[] }>
  >;
}

export interface DocumentedRoute {
  method: InjectOptions['method'] & string;
  /** The path with every `{param}` filled with a valid sample value. */
  url: string;
  /** False when the operation opts out of the bearer scheme (health only). */
  authenticated: boolean;
}

/** Valid values for path parameters, so a request reaches the auth check rather than failing on shape. */
const SAMPLE_PARAMS: Record<string, string> = {
  appType: 'JupyterLab',
  appName: 'default',
  fingerprint: 'SHA256:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU',
};

/** Every operation in the served OpenAPI document, as something `app.inject` can call. */
export function documentedRoutes(doc: unknown): DocumentedRoute[] {
  const { paths } = doc as OpenApiDocument;
  return Object.entries(paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase() as DocumentedRoute['method'],
      url: template.replace(/\{(\w+)\}/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x'),
      authenticated: !(Array.isArray(operation.security) && operation.security.length === 0),
    })),
  );
}
