import type { GitProvider } from '@studio-teams/schema';

/**
 * What the provider said of a PAT, asked as GitLab's API is asked (`GET /api/v4/user` with the
 * `PRIVATE-TOKEN` header). `unreachable` is not a refusal: the caller may store it anyway, if asked.
 */
export type PatCheck =
  | { outcome: 'accepted'; username: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'unreachable'; reason: string };

export interface PatCheckOptions {
  /** @default 10 s: a provider slower than that is treated as unreachable. */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export async function checkPat(
  provider: GitProvider,
  username: string,
  pat: string,
  options: PatCheckOptions = {},
): Promise<PatCheck> {
  const doFetch = options.fetch ?? fetch;
  const url = `${provider.url}/api/v4/user`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { 'PRIVATE-TOKEN': pat, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return {
      outcome: 'unreachable',
      reason: `${provider.host} could not be reached (${networkReason(error)})`,
    };
  }
  const body = await readJson(response);
  const reason = scrub(providerReason(body) ?? `HTTP ${response.status}`, pat);
  if (response.status === 401 || response.status === 403) {
    return { outcome: 'rejected', reason: `${provider.host} refused the PAT: ${reason}` };
  }
  if (!response.ok) {
    // A 5xx, a redirect to a login page, a proxy's error: the PAT was not judged.
    return {
      outcome: 'unreachable',
      reason: `${provider.host} answered HTTP ${response.status} (${reason})`,
    };
  }
  const answered =
    typeof body === 'object' && body !== null ? (body as { username?: unknown }).username : undefined;
  if (typeof answered !== 'string') {
    return { outcome: 'unreachable', reason: `${provider.host} did not answer like GitLab's /api/v4/user` };
  }
  // GitLab user names are unique regardless of case.
  if (answered.toLowerCase() !== username.toLowerCase()) {
    return {
      outcome: 'rejected',
      reason: `the PAT belongs to ${provider.host} user ${answered}, not ${username}`,
    };
  }
  return { outcome: 'accepted', username: answered };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/** GitLab says why in `message` (`401 Unauthorized`) or, for OAuth-style refusals, `error_description`. */
function providerReason(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { message?: unknown; error_description?: unknown; error?: unknown };
  for (const field of [b.message, b.error_description, b.error]) {
    if (typeof field === 'string' && field.trim() !== '')
      return field.replace(/\s+/g, ' ').trim().slice(0, 300);
  }
  return undefined;
}

function networkReason(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** The provider's text is shown to people and logged: it must never hold the PAT, whatever it echoes. */
const scrub = (text: string, pat: string): string => (pat ? text.split(pat).join('***') : text);
