import { DOMAIN_TAGS, type GitProvider } from '@studio-teams/schema';
import { EXIT, UserError } from '../errors';

/**
 * Where the team's git provider is. The CDK app sets the domain tag to a host name
 * (`gitlab.example.com`); this variable overrides it, for the local Studio and tests, and may name a
 * whole origin (`http://127.0.0.1:8929`) so a loopback server over plain http can stand in.
 */
export const GIT_PROVIDER_ENV = 'STUDIO_GIT_PROVIDER';

/** Plain http carries the PAT in clear text: only a provider on this machine may use it. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * A provider from a tag or variable value: a host (`gitlab.example.com`, `gitlab.example.com:8443`),
 * which means https, or an origin (`https://…`, `http://127.0.0.1:…`). Anything else is a UserError
 * naming where the value came from.
 */
export function parseGitProvider(value: string, from: string): GitProvider {
  const trimmed = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`${from} is not a host name or URL: "${value}"`, EXIT.usage);
  }
  const clean =
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    url.pathname === '/';
  if (!clean || url.hostname === '')
    throw new UserError(`${from} must be a host name or an origin without a path: "${value}"`, EXIT.usage);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    throw new UserError(
      `${from} uses plain http for ${url.hostname}: a PAT may only travel over https (plain http only to a provider on this machine: 127.x.x.x, localhost or [::1])`,
      EXIT.usage,
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(`${from} must be an https URL: "${value}"`, EXIT.usage);
  return { host: url.host, url: url.origin };
}

/** The provider from the override variable, else the domain's tag; null when neither names one. */
export function gitProviderFrom(
  tags: Record<string, string>,
  env: Record<string, string | undefined>,
): GitProvider | null {
  const override = env[GIT_PROVIDER_ENV];
  if (override) return parseGitProvider(override, GIT_PROVIDER_ENV);
  const tag = tags[DOMAIN_TAGS.gitProviderHost];
  if (tag) return parseGitProvider(tag, `the domain tag ${DOMAIN_TAGS.gitProviderHost}`);
  return null;
}

/** Said wherever saving needs a provider and there is none. */
export class NoGitProviderError extends UserError {
  constructor() {
    super(
      `no git provider is configured for this domain: the CDK app sets the domain tag ` +
        `${DOMAIN_TAGS.gitProviderHost} from the team config (for a local Studio, set ${GIT_PROVIDER_ENV})`,
    );
  }
}
