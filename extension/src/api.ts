import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { ErrorResponse } from '@studio-teams/schema';

/**
 * The jupyter-server-proxy entry's name, so the sidecar answers under `<base_url>studio-teams/`.
 * The Python side declares the same name (`SERVER_NAME` in `server_proxy.py`).
 */
export const SIDECAR_PROXY_NAME = 'studio-teams';

/**
 * Why a request failed:
 * - `unreachable`: no answer from the sidecar itself (no proxy entry, the sidecar not running,
 *   the proxy's own error page, a network failure);
 * - `refused`: the sidecar answered with an error of its own (its JSON body has a request id).
 */
export type SidecarFailure = 'unreachable' | 'refused';

export class SidecarError extends Error {
  constructor(
    readonly failure: SidecarFailure,
    /** The HTTP status, or null when there was no HTTP answer at all. */
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'SidecarError';
  }
}

/**
 * One typed request to the sidecar through Jupyter's proxy. Jupyter's own authentication covers
 * the page; the proxy adds the sidecar's bearer token, which the page never sees.
 */
export async function requestAPI<T>(
  path: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings(),
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, SIDECAR_PROXY_NAME, 'api', path);
  // 'no-cache' rather than JupyterLab's default 'no-store': the latter appends a cache-busting
  // `?<time>` parameter, which the sidecar rightly refuses as an unknown query field.
  // makeRequest labels a body-less request (the DELETE of a stop) JSON; the sidecar takes an empty
  // JSON body for no body, as any JupyterLab client sends it.
  const request: RequestInit = { cache: 'no-cache', ...init };
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, request, settings);
  } catch (error) {
    throw new SidecarError('unreachable', null, `the sidecar cannot be reached: ${String(error)}`);
  }
  const body = parseJson(await response.text());
  if (!response.ok) throw failureOf(response.status, body);
  if (body === undefined && response.status !== 204) {
    throw new SidecarError('unreachable', response.status, 'the answer did not come from the sidecar');
  }
  return body as T;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const b = body as Partial<ErrorResponse> | undefined;
  return typeof b?.requestId === 'string' && typeof b.message === 'string';
}

function failureOf(status: number, body: unknown): SidecarError {
  if (isErrorResponse(body)) return new SidecarError('refused', status, body.message);
  return new SidecarError('unreachable', status, `the sidecar cannot be reached (HTTP ${status})`);
}
