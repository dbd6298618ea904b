/**
 * git's credential-helper protocol (gitcredentials(7)): `key=value` lines on stdin, ended by a blank
 * line or EOF; the answer is lines of the same form on stdout.
 */
export type CredentialRequest = Record<string, string>;

export function parseCredentialRequest(text: string): CredentialRequest {
  const request: CredentialRequest = {};
  for (const line of text.split('\n')) {
    const clean = line.replace(/\r$/, '');
    if (clean === '') break;
    const eq = clean.indexOf('=');
    if (eq > 0) request[clean.slice(0, eq)] = clean.slice(eq + 1);
  }
  return request;
}

export function formatCredentialAnswer(answer: Record<string, string>): string {
  return Object.entries(answer)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}
