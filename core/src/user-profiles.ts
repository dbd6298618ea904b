import {
  ListUserProfilesCommand,
  type SageMakerClient,
  type UserProfileDetails,
} from '@aws-sdk/client-sagemaker';
import { allPages, PAGE_SIZE } from './pagination';

/** Every user profile of the domain, 100 per call. */
export async function listUserProfiles(
  sagemaker: SageMakerClient,
  domainId: string,
): Promise<UserProfileDetails[]> {
  return allPages(async (NextToken) => {
    const out = await sagemaker.send(
      new ListUserProfilesCommand({ DomainIdEquals: domainId, MaxResults: PAGE_SIZE, NextToken }),
    );
    return { items: out.UserProfiles, nextToken: out.NextToken };
  });
}
