import { paginate } from '../pagination';
import { epochSeconds, type Handler } from '../services/service';
import { isDescending } from './sort-order';
import type { UserProfile } from './store';

export const listUserProfiles: Handler = (input, ctx) => {
  const { MaxResults, NextToken, SortOrder, SortBy, DomainIdEquals, UserProfileNameContains } = input;
  const contains =
    typeof UserProfileNameContains === 'string' ? UserProfileNameContains.toLowerCase() : undefined;
  const profiles = [...ctx.state.studio.domains.values()]
    .filter((d) => DomainIdEquals === undefined || d.id === DomainIdEquals)
    .flatMap((d) => [...d.profiles.values()])
    .filter((p) => contains === undefined || p.name.toLowerCase().includes(contains));
  const byModified = SortBy === 'LastModifiedTime';
  const page = paginate(profiles, (p) => [byModified ? p.modifiedAt : p.createdAt, p.seq], {
    MaxResults,
    NextToken,
    defaultMax: 10,
    query: { SortOrder, SortBy, DomainIdEquals, UserProfileNameContains },
    descending: isDescending(SortOrder),
  });
  return {
    UserProfiles: page.items.map((p) => ({
      DomainId: p.domainId,
      UserProfileName: p.name,
      Status: 'InService',
      CreationTime: epochSeconds(p.createdAt),
      LastModifiedTime: epochSeconds(p.modifiedAt),
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

export const describeUserProfile: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const profile: UserProfile = studio.profile(
    studio.domain(input['DomainId'] as string),
    input['UserProfileName'] as string,
  );
  return {
    DomainId: profile.domainId,
    UserProfileArn: profile.arn,
    UserProfileName: profile.name,
    HomeEfsFileSystemUid: String(profile.uid),
    Status: 'InService',
    CreationTime: epochSeconds(profile.createdAt),
    LastModifiedTime: epochSeconds(profile.modifiedAt),
    UserSettings: { ExecutionRole: profile.executionRole },
  };
};
