import { SESClient } from '@aws-sdk/client-ses';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { tagOperation } from '../aws/operation-tag';
import { retrySettings } from '../aws/settings';

export interface SesClientOptions {
  region: string;
  /** Where AWS_ENDPOINT_URL_SES / AWS_ENDPOINT_URL and the retry overrides are read from. */
  env: Record<string, string | undefined>;
  /** Absent in the Lambda: the SDK's default chain reads the function's role credentials. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/**
 * The SES client the police sends with, configured like core's other clients: the same retries
 * (8 attempts with backoff, so a throttled send waits and tries again) and the same endpoint override
 * for the local AWS.
 */
export function createSesClient(opts: SesClientOptions): SESClient {
  const { env } = opts;
  const ignore = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '');
  const endpoint = ignore ? undefined : env.AWS_ENDPOINT_URL_SES || env.AWS_ENDPOINT_URL || undefined;
  const ses = new SESClient({
    region: opts.region,
    ...retrySettings(env),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  tagOperation(ses, 'ses');
  return ses;
}
