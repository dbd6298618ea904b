import { invalid, limitExceeded, notFound } from '../http/aws-error';
import { paginate } from '../pagination';
import type { Handler } from '../services/service';
import type { StudioStore, Tags } from './store';

/** AWS's per-resource tag limit. */
const MAX_TAGS = 50;

/** Reads a model `TagList`; keys must be unique within one request. */
export function tagsFrom(list: unknown): Tags {
  const tags: Tags = new Map();
  for (const tag of (list ?? []) as { Key: string; Value: string }[]) {
    if (tags.has(tag.Key)) throw invalid(`Tag keys must be unique; "${tag.Key}" is given twice`);
    tags.set(tag.Key, tag.Value);
  }
  return tags;
}

export const tagList = (tags: Tags): { Key: string; Value: string }[] =>
  [...tags].map(([Key, Value]) => ({ Key, Value }));

/** The tags of the domain, user profile, space or app an ARN names. */
function tagsOf(studio: StudioStore, arn: string): Tags {
  const match = /^arn:aws[a-z-]*:sagemaker:[^:]*:\d{12}:(domain|user-profile|space|app)\/(.+)$/.exec(arn);
  const kind = match?.[1];
  const [domainId = '', ...rest] = (match?.[2] ?? '').split('/');
  const domain = studio.domains.get(domainId);
  const missing = notFound(`Resource ${arn} does not exist`);
  if (!domain) throw missing;
  if (kind === 'domain' && rest.length === 0) return domain.tags;
  if (kind === 'user-profile' && rest.length === 1) {
    const profile = domain.profiles.get((rest[0] as string).toLowerCase());
    if (profile) return profile.tags;
  }
  if (kind === 'space' && rest.length === 1) {
    const space = domain.spaces.get(rest[0] as string);
    if (space) return space.tags;
  }
  if (kind === 'app') {
    const app = [...domain.apps.values()].find((a) => a.arn === arn);
    if (app) return app.tags;
  }
  throw missing;
}

export const addTags: Handler = (input, ctx) => {
  const tags = tagsOf(ctx.state.studio, input['ResourceArn'] as string);
  const added = tagsFrom(input['Tags']);
  const merged = new Map([...tags, ...added]);
  if (merged.size > MAX_TAGS) throw limitExceeded(`A resource can have at most ${MAX_TAGS} tags`);
  for (const [key, value] of added) tags.set(key, value);
  return { Tags: tagList(added) };
};

export const listTags: Handler = (input, ctx) => {
  const tags = tagsOf(ctx.state.studio, input['ResourceArn'] as string);
  const entries = [...tags].map(([Key, Value]) => ({ Key, Value }));
  const page = paginate(entries, (t) => [t.Key], {
    MaxResults: input['MaxResults'],
    NextToken: input['NextToken'],
    defaultMax: 50,
    query: { ResourceArn: input['ResourceArn'] },
    descending: false,
  });
  return {
    Tags: page.items,
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

export const deleteTags: Handler = (input, ctx) => {
  const tags = tagsOf(ctx.state.studio, input['ResourceArn'] as string);
  for (const key of input['TagKeys'] as string[]) tags.delete(key);
  return {};
};
