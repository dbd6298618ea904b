import { randomBytes } from 'node:crypto';
import { invalid } from '../http/aws-error';
import type { Handler } from '../services/service';
import { domainUrl } from './domains';

/** The LandingUri forms the model documents; anything else is refused as AWS does. */
const LANDING_PREFIXES = [
  'studio::',
  'app:JupyterServer:',
  'app:JupyterLab:',
  'app:RStudioServerPro:',
  'app:CodeEditor:',
  'app:Canvas:',
];

/** AWS's defaults when the request leaves them out: 5 minutes for the URL, 12 hours for the session. */
const DEFAULT_EXPIRES_IN_SECONDS = 300;
const DEFAULT_SESSION_SECONDS = 43200;

/**
 * The claims behind the URL's token. AWS's token is opaque; ours is base64url JSON so the local Studio
 * front (which serves `presignedUrlBase`) can tell who is signing in, where to and until when.
 */
export interface PresignedClaims {
  domainId: string;
  userProfileName: string;
  spaceName?: string;
  landingUri?: string;
  /** Epoch seconds after which the URL no longer signs in. */
  expiresAt: number;
  sessionExpiresInSeconds: number;
  nonce: string;
}

export function decodePresignedToken(token: string): PresignedClaims {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PresignedClaims;
}

export const createPresignedDomainUrl: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const domain = studio.domain(input['DomainId'] as string);
  const profile = studio.profile(domain, input['UserProfileName'] as string);
  const spaceName = input['SpaceName'] as string | undefined;
  if (spaceName !== undefined) studio.space(domain, spaceName);
  const landingUri = input['LandingUri'] as string | undefined;
  if (landingUri !== undefined && !LANDING_PREFIXES.some((p) => landingUri.startsWith(p))) {
    throw invalid(`LandingUri "${landingUri}" must start with one of ${LANDING_PREFIXES.join(', ')}`);
  }
  const expiresIn = (input['ExpiresInSeconds'] as number | undefined) ?? DEFAULT_EXPIRES_IN_SECONDS;
  const claims: PresignedClaims = {
    domainId: domain.id,
    userProfileName: profile.name,
    ...(spaceName !== undefined ? { spaceName } : {}),
    ...(landingUri !== undefined ? { landingUri } : {}),
    expiresAt: Math.floor(ctx.now() / 1000) + expiresIn,
    sessionExpiresInSeconds:
      (input['SessionExpirationDurationInSeconds'] as number | undefined) ?? DEFAULT_SESSION_SECONDS,
    nonce: randomBytes(12).toString('hex'),
  };
  const base = (ctx.config.presignedUrlBase ?? domainUrl(ctx.config, domain.id)).replace(/\/+$/, '');
  const token = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { AuthorizedUrl: `${base}/auth?token=${token}` };
};
