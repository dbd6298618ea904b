import { createHome } from '../efs';
import { inUse, invalid } from '../http/aws-error';
import { paginate } from '../pagination';
import { epochSeconds, type Handler, type RequestContext } from '../services/service';
import { appStatus, isGone } from './app-status';
import { spaceArn } from './naming';
import { isDescending } from './sort-order';
import type { Domain, SharingType, Space } from './store';
import { tagsFrom } from './tags';

export function addSpace(
  ctx: RequestContext,
  domain: Domain,
  fields: Pick<Space, 'name' | 'sharing' | 'settings' | 'owner' | 'displayName' | 'tags'> & {
    createdAt: number;
  },
): Space {
  if (domain.spaces.has(fields.name))
    throw inUse(`Space "${fields.name}" already exists in domain ${domain.id}`);
  const space: Space = {
    ...fields,
    domainId: domain.id,
    arn: spaceArn(ctx.config, domain.id, fields.name),
    uid: domain.nextUid++,
    modifiedAt: fields.createdAt,
    seq: ctx.state.studio.nextSeq(),
  };
  domain.spaces.set(space.name, space);
  return space;
}

export const createSpace: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const domain = studio.domain(input['DomainId'] as string);
  const ownerName = (input['OwnershipSettings'] as { OwnerUserProfileName?: string } | undefined)
    ?.OwnerUserProfileName;
  const sharing = ((input['SpaceSharingSettings'] as { SharingType?: SharingType } | undefined)
    ?.SharingType ?? 'Shared') as SharingType;
  if (sharing === 'Private' && ownerName === undefined)
    throw invalid('A Private space needs OwnershipSettings.OwnerUserProfileName');
  const owner = ownerName === undefined ? undefined : studio.profile(domain, ownerName).name;
  const space = addSpace(ctx, domain, {
    name: input['SpaceName'] as string,
    sharing,
    settings: (input['SpaceSettings'] as Record<string, unknown> | undefined) ?? {},
    ...(owner !== undefined ? { owner } : {}),
    ...(typeof input['SpaceDisplayName'] === 'string' ? { displayName: input['SpaceDisplayName'] } : {}),
    tags: tagsFrom(input['Tags']),
    createdAt: ctx.now(),
  });
  createHome(ctx.config, space.uid);
  return { SpaceArn: space.arn };
};

export const updateSpace: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const space = studio.space(studio.domain(input['DomainId'] as string), input['SpaceName'] as string);
  const settings = input['SpaceSettings'] as Record<string, unknown> | undefined;
  if (settings) {
    const before = space.settings['AppType'];
    if (before !== undefined && settings['AppType'] !== undefined && settings['AppType'] !== before)
      throw invalid(`The AppType of space "${space.name}" cannot be changed (it is ${String(before)})`);
    space.settings = { ...space.settings, ...settings };
  }
  if (typeof input['SpaceDisplayName'] === 'string') space.displayName = input['SpaceDisplayName'];
  space.modifiedAt = ctx.now();
  return { SpaceArn: space.arn };
};

export const deleteSpace: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const domain = studio.domain(input['DomainId'] as string);
  const space = studio.space(domain, input['SpaceName'] as string);
  const now = ctx.now();
  const running = [...domain.apps.values()].filter(
    (a) =>
      a.owner.kind === 'space' &&
      a.owner.name === space.name &&
      !isGone(appStatus(a, now, ctx.config.deletingMs)),
  );
  if (running.length > 0) {
    const names = running.map((a) => `${a.type}/${a.name}`).join(', ');
    throw inUse(`Space "${space.name}" still has apps that are not deleted: ${names}; delete them first`);
  }
  domain.spaces.delete(space.name);
  return {};
};

export const listSpaces: Handler = (input, ctx) => {
  const { MaxResults, NextToken, SortOrder, SortBy, DomainIdEquals, SpaceNameContains } = input;
  const spaces = [...ctx.state.studio.domains.values()]
    .filter((d) => DomainIdEquals === undefined || d.id === DomainIdEquals)
    .flatMap((d) => [...d.spaces.values()])
    .filter((s) => typeof SpaceNameContains !== 'string' || s.name.includes(SpaceNameContains));
  const byModified = SortBy === 'LastModifiedTime';
  const page = paginate(spaces, (s) => [byModified ? s.modifiedAt : s.createdAt, s.seq], {
    MaxResults,
    NextToken,
    defaultMax: 10,
    query: { SortOrder, SortBy, DomainIdEquals, SpaceNameContains },
    descending: isDescending(SortOrder),
  });
  return {
    Spaces: page.items.map((s) => ({
      DomainId: s.domainId,
      SpaceName: s.name,
      Status: 'InService',
      CreationTime: epochSeconds(s.createdAt),
      LastModifiedTime: epochSeconds(s.modifiedAt),
      SpaceSettingsSummary: pick(s.settings, ['AppType', 'RemoteAccess', 'SpaceStorageSettings']),
      SpaceSharingSettingsSummary: { SharingType: s.sharing },
      ...(s.owner !== undefined ? { OwnershipSettingsSummary: { OwnerUserProfileName: s.owner } } : {}),
      ...(s.displayName !== undefined ? { SpaceDisplayName: s.displayName } : {}),
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

export const describeSpace: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const space = studio.space(studio.domain(input['DomainId'] as string), input['SpaceName'] as string);
  return {
    DomainId: space.domainId,
    SpaceArn: space.arn,
    SpaceName: space.name,
    HomeEfsFileSystemUid: String(space.uid),
    Status: 'InService',
    CreationTime: epochSeconds(space.createdAt),
    LastModifiedTime: epochSeconds(space.modifiedAt),
    SpaceSettings: space.settings,
    SpaceSharingSettings: { SharingType: space.sharing },
    ...(space.owner !== undefined ? { OwnershipSettings: { OwnerUserProfileName: space.owner } } : {}),
    ...(space.displayName !== undefined ? { SpaceDisplayName: space.displayName } : {}),
  };
};

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}
