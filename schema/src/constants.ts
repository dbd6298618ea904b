/**
 * Names shared by the CDK app, the container, the laptop CLIs and the local Studio.
 * They are AWS resource names and tag keys: changing one is a migration, not a refactor.
 */

/** The AWS profile the laptop commands use when none is given (the original's convention). */
export const DEFAULT_PROFILE = 'sagemaker';

/** The Studio domain looked up by name when `--domain` is not given. */
export const DEFAULT_DOMAIN_NAME = 'datascience';

/** Tag keys set on the domain by the CDK app, so laptops find team resources without extra config. */
export const DOMAIN_TAGS = {
  /** The bastion's EC2 instance id, the target of SSM commands that touch the EFS. */
  bastionInstanceId: 'studio-teams:bastion-instance-id',
  /** Host name of the team's git provider (GitLab), e.g. `gitlab.example.com`; the git-auth target. */
  gitProviderHost: 'studio-teams:git-provider-host',
} as const;

/**
 * Tag keys set on each user profile by the CDK app from the team config: the container reads its own
 * profile's tags for the git identity, so no per-user file has to be shipped to the shared home.
 */
export const USER_PROFILE_TAGS = {
  /** `user.name` for git, as written in the team config (`jane.doe`). */
  gitUserName: 'studio-teams:git-user-name',
  /** `user.email` for git and the police's address. */
  email: 'studio-teams:email',
} as const;

/**
 * Where the CDK app deploys the built artifacts the lifecycle scripts install (wheel with the
 * extension and sidecar bundle, optionally a Node runtime and direnv). A fixed name, so a script in
 * the container derives it from the account and region in Studio's resource metadata.
 */
export function artifactsBucketName(accountId: string, region: string): string {
  return `studio-teams-artifacts-${accountId}-${region}`;
}

/**
 * The manifest the lifecycle scripts read first (`s3://<artifacts bucket>/<ARTIFACTS_MANIFEST_KEY>`):
 * JSON `{ version, files: { wheel, node?, direnv? } }`, each file `{ key, sha256 }` (see
 * schema/src/artifacts.ts once it exists). Installing compares `version` with what is installed.
 */
export const ARTIFACTS_MANIFEST_KEY = 'studio-teams/manifest.json';

/**
 * Where the bastion writes the daily EFS usage report of a domain. A fixed name rather than a domain
 * tag: `status-all` then needs no ListTags call, since ListDomains already gives account and region.
 */
export function usageReportLocation(
  accountId: string,
  region: string,
  domainId: string,
): { bucket: string; key: string } {
  return { bucket: `studio-teams-reports-${accountId}-${region}`, key: `efs-usage/${domainId}.json` };
}

/** Where the bastion mounts the domain's home EFS; one folder per HomeEfsFileSystemUid. */
export const BASTION_EFS_MOUNT = '/mnt/efs';

/** Secret holding a user's GitLab PAT, as the original named it. */
export const gitSecretName = (userProfileName: string): string => `gitlab-${userProfileName}`;

/** Secret holding the bastion's instance id and private key. */
export const BASTION_CONNECTION_SECRET = 'sagemaker-bastion-connection';

/**
 * Tags the container puts on its SSM activation, which the managed instance inherits; `sm-ssh list`
 * finds the user's containers by `owner`, and IAM scopes `ssm:StartSession` by it. AWS resource tag
 * keys: changing one is a migration.
 */
export const MANAGED_INSTANCE_TAG_KEYS = {
  owner: 'owner',
  domain: 'domain',
  user: 'user',
  app: 'app',
} as const;

/** The app name Studio gives the per-user JupyterServer and the per-space apps. */
export const DEFAULT_APP_NAME = 'default';

/**
 * The SSM parameter holding a user's SSH public keys: `sm-ssh init` writes it (a String with one key
 * per line, or a StringList), the user's containers read it each time a session starts and authorise
 * exactly those keys. Per profile, so IAM can scope each user to their own parameter path.
 */
export const sshPublicKeysParameter = (userProfileName: string): string =>
  `/studio-teams/ssh/${userProfileName}/public-keys`;
