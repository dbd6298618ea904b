import { DEFAULT_PROFILE } from '@studio-teams/schema/plain';
import { EXIT, UserError } from '../errors';
import { type Env, profileExists, profileRegion } from './config-files';

/**
 * Which credentials and region the laptop commands use. The rule, in order (the CLI's --help says it
 * too):
 *   credentials: --profile; else AWS_PROFILE; else environment credentials when AWS_ACCESS_KEY_ID is
 *                set; else the profile `sagemaker` when the AWS config/credentials files have it; else
 *                the SDK's default chain (SSO, container and instance roles…).
 *   region:      --region; else AWS_REGION / AWS_DEFAULT_REGION; else the chosen profile's region
 *                (or [default]'s); else an error saying how to set one.
 * Everything is read from the env object passed in, so tests and the sidecar choose their own world.
 */

export interface AwsConfig {
  region?: string | undefined;
  profile?: string | undefined;
  env: Env;
}

export type CredentialChoice =
  | { kind: 'profile'; profile: string; why: '--profile' | 'AWS_PROFILE' | 'default profile' }
  | { kind: 'env' }
  | { kind: 'default-chain' };

export interface AwsSettings {
  region: string;
  credentials: CredentialChoice;
  /** The profile named in messages (`--profile` hints), when one is in use. */
  profile: string | undefined;
  /** Human words for where credentials come from, e.g. `profile sagemaker`. */
  credentialSource: string;
  env: Env;
}

export function chooseCredentials(config: AwsConfig): CredentialChoice {
  const { env } = config;
  if (config.profile) return { kind: 'profile', profile: config.profile, why: '--profile' };
  if (env.AWS_PROFILE) return { kind: 'profile', profile: env.AWS_PROFILE, why: 'AWS_PROFILE' };
  if (env.AWS_ACCESS_KEY_ID) return { kind: 'env' };
  if (profileExists(env, DEFAULT_PROFILE))
    return { kind: 'profile', profile: DEFAULT_PROFILE, why: 'default profile' };
  return { kind: 'default-chain' };
}

export function describeCredentialChoice(choice: CredentialChoice): string {
  switch (choice.kind) {
    case 'profile':
      return `profile ${choice.profile}`;
    case 'env':
      return 'environment credentials (AWS_ACCESS_KEY_ID)';
    case 'default-chain':
      return "the AWS SDK's default credentials";
  }
}

export function resolveAwsSettings(config: AwsConfig): AwsSettings {
  const credentials = chooseCredentials(config);
  const profile = credentials.kind === 'profile' ? credentials.profile : undefined;
  const region =
    config.region ||
    config.env.AWS_REGION ||
    config.env.AWS_DEFAULT_REGION ||
    profileRegion(config.env, profile ?? 'default');
  if (!region) {
    const where = profile
      ? `add region=… to [profile ${profile}] in ~/.aws/config`
      : 'add a region to ~/.aws/config';
    throw new UserError(`no AWS region: pass --region, set AWS_REGION, or ${where}`, EXIT.usage);
  }
  return {
    region,
    credentials,
    profile,
    credentialSource: describeCredentialChoice(credentials),
    env: config.env,
  };
}

/** The four services the laptop commands talk to, spelled as in `AWS_ENDPOINT_URL_<SERVICE>`. */
export type ServiceKey = 'SAGEMAKER' | 'SSM' | 'STS' | 'S3' | 'SECRETS_MANAGER';

/**
 * The endpoint override for a service from the given env (service-specific first, then the global
 * one), as the SDK itself would read from process.env.
 */
export function endpointFor(env: Env, service: ServiceKey): string | undefined {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Retries: enough attempts that a run where ~20% of calls are throttled or fail with 5xx still
 * succeeds (0.2^8 ≈ 3 in a million per call). AWS_MAX_ATTEMPTS / AWS_RETRY_MODE override, as in the SDK.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

export function retrySettings(env: Env): { maxAttempts: number; retryMode: 'standard' | 'adaptive' } {
  const n = Number(env.AWS_MAX_ATTEMPTS);
  const maxAttempts = Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_ATTEMPTS;
  const retryMode = env.AWS_RETRY_MODE === 'adaptive' ? 'adaptive' : 'standard';
  return { maxAttempts, retryMode };
}
