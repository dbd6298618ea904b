/** Reported by /api/health and the OpenAPI document; kept in step with package.json by hand. */
export const SIDECAR_VERSION = '0.1.0';
