import {
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { type GitProvider, gitSecretName, USER_PROFILE_TAGS } from '@studio-teams/schema';
import { createClients, destroyClients } from '../aws/clients';
import { domainTags } from '../domain';
import { UserError } from '../errors';
import { metadataFile, readResourceMetadata } from '../ssh/container/environment';
import type { GitIdentity } from './git-config';
import { gitProviderFrom, NoGitProviderError } from './provider';

/** What the container's helper is set up from: who the user is, where the provider is, who commits. */
export interface ContainerGitSetup {
  userProfileName: string;
  secretName: string;
  region: string;
  provider: GitProvider;
  identity: GitIdentity;
}

/**
 * Reads Studio's resource metadata and asks SageMaker (with the container's role) for the user, the
 * domain's provider tag and the profile's git identity tags. Classic and new-Studio apps alike.
 */
export async function containerGitSetup(env: Record<string, string | undefined>): Promise<ContainerGitSetup> {
  const metadata = await readResourceMetadata(metadataFile(env));
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || metadata.region || undefined;
  const { clients, settings } = createClients({ region, env });
  try {
    const { sagemaker } = clients;
    let user = metadata.userProfileName;
    if (user === null && metadata.spaceName !== null) {
      const space = await sagemaker.send(
        new DescribeSpaceCommand({ DomainId: metadata.domainId, SpaceName: metadata.spaceName }),
      );
      user = space.OwnershipSettings?.OwnerUserProfileName ?? null;
    }
    if (user === null)
      throw new UserError(
        `cannot tell whose container this is: space ${metadata.spaceName ?? '(none)'} has no owner`,
      );
    const domain = await sagemaker.send(new DescribeDomainCommand({ DomainId: metadata.domainId }));
    if (!domain.DomainArn) throw new UserError(`domain ${metadata.domainId} has no ARN`);
    const provider = gitProviderFrom(await domainTags(sagemaker, { arn: domain.DomainArn }), env);
    if (!provider) throw new NoGitProviderError();
    const identity = await gitIdentity(sagemaker, metadata.domainId, user);
    return {
      userProfileName: user,
      secretName: gitSecretName(user),
      region: settings.region,
      provider,
      identity,
    };
  } finally {
    destroyClients(clients);
  }
}

/** `user.name` / `user.email` from the profile's tags (set by the CDK app from the team config). */
export async function gitIdentity(
  sagemaker: SageMakerClient,
  domainId: string,
  userProfileName: string,
): Promise<GitIdentity> {
  const profile = await sagemaker.send(
    new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: userProfileName }),
  );
  if (!profile.UserProfileArn) return {};
  const tags = await domainTags(sagemaker, { arn: profile.UserProfileArn });
  return {
    name: tags[USER_PROFILE_TAGS.gitUserName] || undefined,
    email: tags[USER_PROFILE_TAGS.email] || undefined,
  };
}
