import type * as S3 from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import {
  createCredentialChain,
  fromContainerMetadata,
  fromIni,
  fromInstanceMetadata,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UserError } from '../errors';
import { awsFilePaths } from './config-files';
import { tagOperation } from './operation-tag';
import {
  type AwsConfig,
  type AwsSettings,
  type ServiceKey,
  endpointFor,
  resolveAwsSettings,
  retrySettings,
} from './settings';

/** The AWS clients every operation in core is written against; tests inject stubs of the same types. */
export interface StudioClients {
  sagemaker: SageMakerClient;
  ssm: SSMClient;
  sts: STSClient;
  s3: S3Client;
  secretsManager: SecretsManagerClient;
}

export interface StudioAws {
  clients: StudioClients;
  settings: AwsSettings;
}

/** Builds the four clients from `{region?, profile?, env}` following the rule in `settings.ts`. */
export function createClients(config: AwsConfig | AwsSettings): StudioAws {
  const settings = 'credentialSource' in config ? config : resolveAwsSettings(config);
  const credentials = credentialProvider(settings);
  const common = (service: ServiceKey) => {
    const endpoint = endpointFor(settings.env, service);
    return {
      region: settings.region,
      credentials,
      ...retrySettings(settings.env),
      ...(endpoint ? { endpoint } : {}),
    };
  };
  const sagemaker = new SageMakerClient(common('SAGEMAKER'));
  const ssm = new SSMClient(common('SSM'));
  const sts = new STSClient(common('STS'));
  tagOperation(sagemaker, 'sagemaker');
  tagOperation(ssm, 'ssm');
  tagOperation(sts, 'sts');
  // S3 and Secrets Manager are made (and their packages loaded, ~80 ms) on first use: most commands,
  // and `sm-ssh proxy` at every connection, never touch them.
  let s3: S3Client | undefined;
  let secretsManager: SecretsManagerClient | undefined;
  const clients: StudioClients = {
    sagemaker,
    ssm,
    sts,
    get s3() {
      if (!s3) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
        const { S3Client: Client } = require('@aws-sdk/client-s3') as typeof S3;
        // A local S3 answers on one host, not <bucket>.host, so path-style whenever the endpoint is ours.
        s3 = new Client({ ...common('S3'), forcePathStyle: Boolean(endpointFor(settings.env, 'S3')) });
        tagOperation(s3, 's3');
      }
      return s3;
    },
    get secretsManager() {
      if (!secretsManager) {
        secretsManager = new (secretsManagerClass())(common('SECRETS_MANAGER'));
        tagOperation(secretsManager, 'secretsmanager');
      }
      return secretsManager;
    },
  };
  made.set(clients, () => [sagemaker, ssm, sts, s3, secretsManager]);
  return { clients, settings };
}

/** What each `createClients` set has made so far; reading `s3` to destroy it would make it. */
const made = new WeakMap<StudioClients, () => ({ destroy(): void } | undefined)[]>();

/**
 * Frees the sockets of the clients that were made (S3 and Secrets Manager only if they were used),
 * so a short-lived process exits at once. Clients not made by `createClients` (a test's stubs) are
 * all destroyed.
 */
export function destroyClients(clients: StudioClients): void {
  const list = made.get(clients)?.() ?? Object.values(clients);
  for (const client of list) client?.destroy();
}

/**
 * Secrets Manager (git-auth's PAT secret), made on its own: most commands never need it, and the
 * credential helper needs nothing else. Same region, credentials rule, retries and endpoint override
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, else `AWS_ENDPOINT_URL`) as the four clients.
 */
export function createSecretsManagerClient(config: AwsConfig | AwsSettings): SecretsManagerClient {
  const settings = 'credentialSource' in config ? config : resolveAwsSettings(config);
  const { env } = settings;
  const ignore = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '');
  const endpoint = ignore
    ? undefined
    : env.AWS_ENDPOINT_URL_SECRETS_MANAGER || env.AWS_ENDPOINT_URL || undefined;
  const client = new (secretsManagerClass())({
    region: settings.region,
    credentials: credentialProvider(settings),
    ...retrySettings(env),
    ...(endpoint ? { endpoint } : {}),
  });
  tagOperation(client, 'secretsmanager');
  return client;
}

function secretsManagerClass(): typeof SecretsManagerClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see createClients
  return (require('@aws-sdk/client-secrets-manager') as typeof SecretsManager).SecretsManagerClient;
}

function credentialProvider(settings: AwsSettings): AwsCredentialIdentityProvider {
  const { env } = settings;
  const { configFile, credentialsFile } = awsFilePaths(env);
  const files = { filepath: credentialsFile, configFilepath: configFile };
  const choice = settings.credentials;
  switch (choice.kind) {
    case 'profile':
      return shared(
        fromIni({ ...files, profile: choice.profile, clientConfig: { region: settings.region } }),
      );
    case 'env': {
      const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
      const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      const sessionToken = env.AWS_SESSION_TOKEN;
      return async () => {
        if (!secretAccessKey) {
          throw new UserError(
            'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or unset both',
          );
        }
        return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      };
    }
    case 'default-chain':
      return shared(defaultChain(settings, files));
  }
}

/**
 * The SDK's default chain minus what the rule already tried (environment keys, AWS_PROFILE), built
 * from the env we were given rather than process.env, so a caller's env decides alone.
 */
function defaultChain(settings: AwsSettings, files: { filepath: string; configFilepath: string }) {
  const { env } = settings;
  const clientConfig = { region: settings.region };
  // [default] covers static keys, SSO, credential_process and role_arn, like the SDK's own chain.
  const links = [fromIni({ ...files, profile: 'default', clientConfig })];
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    links.push(
      fromTokenFile({
        webIdentityTokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE,
        roleArn: env.AWS_ROLE_ARN,
        ...(env.AWS_ROLE_SESSION_NAME ? { roleSessionName: env.AWS_ROLE_SESSION_NAME } : {}),
        clientConfig,
      }),
    );
  }
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    links.push(fromContainerMetadata());
  } else if (!/^true$/i.test(env.AWS_EC2_METADATA_DISABLED ?? '')) {
    links.push(fromInstanceMetadata());
  }
  return createCredentialChain(...links);
}

/**
 * One credentials lookup for all four clients (an assume-role is a network call), refreshed five
 * minutes before it expires. A failed lookup is not cached, so a retry after `aws sso login` works.
 */
function shared(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (pending) {
      const current = await pending.catch(() => undefined);
      const fresh =
        current && (!current.expiration || current.expiration.getTime() - Date.now() > 5 * 60_000);
      if (fresh) return current;
    }
    pending = provider();
    pending.catch(() => (pending = undefined));
    return pending;
  };
}
