import { inUse, invalid, notFound } from '../http/aws-error';
import { paginate } from '../pagination';
import { epochSeconds, type Handler, type RequestContext } from '../services/service';
import { appStatus } from './app-status';
import { DEFAULT_KERNEL_GATEWAY_INSTANCE } from './domains';
import { appArn } from './naming';
import { isDescending } from './sort-order';
import { appKey, type App, type AppOwner, type Domain } from './store';
import { tagsFrom } from './tags';

/** App types that only run inside a space (Studio's new experience). */
const SPACE_ONLY_TYPES = new Set(['JupyterLab', 'CodeEditor']);

/** The instance an app gets, with the rules the model documents for ResourceSpec.InstanceType. */
export function resolveInstanceType(type: string, requested: unknown): string {
  const given = typeof requested === 'string' ? requested : undefined;
  if (type === 'JupyterServer') {
    if (given !== undefined && given !== 'system')
      throw invalid(`JupyterServer apps only support the system instance type, not ${given}`);
    return 'system';
  }
  if (type === 'KernelGateway' || SPACE_ONLY_TYPES.has(type)) {
    return given === undefined || given === 'system' ? DEFAULT_KERNEL_GATEWAY_INSTANCE : given;
  }
  return given ?? 'system';
}

export function addApp(
  ctx: RequestContext,
  domain: Domain,
  fields: Pick<App, 'owner' | 'type' | 'name' | 'createdAt' | 'readyAt' | 'failed' | 'resourceSpec' | 'tags'>,
): App {
  const key = appKey(fields.owner, fields.type, fields.name);
  const existing = domain.apps.get(key);
  if (existing && appStatus(existing, ctx.now(), ctx.config.deletingMs) !== 'Deleted') {
    throw inUse(`App ${describeApp(existing)} already exists`);
  }
  const space = fields.owner.kind === 'space' ? domain.spaces.get(fields.owner.name) : undefined;
  const app: App = {
    ...fields,
    domainId: domain.id,
    remoteAccess: space?.settings['RemoteAccess'] === 'ENABLED',
    arn: appArn(ctx.config, domain.id, fields.owner.name, fields.type, fields.name),
    seq: ctx.state.studio.nextSeq(),
  };
  domain.apps.set(key, app);
  return app;
}

const describeApp = (app: Pick<App, 'owner' | 'type' | 'name'>): string =>
  `${app.type}/${app.name} of ${app.owner.kind === 'user' ? 'user profile' : 'space'} "${app.owner.name}"`;

function findApp(ctx: RequestContext, input: Record<string, unknown>): App {
  const { studio } = ctx.state;
  const domain = studio.domain(input['DomainId'] as string);
  const owner: AppOwner = studio.owner(domain, input['UserProfileName'], input['SpaceName']);
  const wanted = { owner, type: input['AppType'] as string, name: input['AppName'] as string };
  const app = domain.apps.get(appKey(owner, wanted.type, wanted.name));
  if (!app) throw notFound(`App ${describeApp(wanted)} does not exist in domain ${domain.id}`);
  return app;
}

export const createApp: Handler = (input, ctx) => {
  const { studio } = ctx.state;
  const domain = studio.domain(input['DomainId'] as string);
  const owner = studio.owner(domain, input['UserProfileName'], input['SpaceName']);
  const type = input['AppType'] as string;
  if (SPACE_ONLY_TYPES.has(type) && owner.kind === 'user')
    throw invalid(`${type} apps run in a space: give SpaceName instead of UserProfileName`);
  const spec = { ...((input['ResourceSpec'] as Record<string, unknown> | undefined) ?? {}) };
  spec['InstanceType'] = resolveInstanceType(type, spec['InstanceType']);
  const now = ctx.now();
  const app = addApp(ctx, domain, {
    owner,
    type,
    name: input['AppName'] as string,
    createdAt: now,
    readyAt: now + ctx.config.pendingMs,
    failed: false,
    resourceSpec: spec,
    tags: tagsFrom(input['Tags']),
  });
  return { AppArn: app.arn };
};

export const deleteApp: Handler = (input, ctx) => {
  const app = findApp(ctx, input);
  const now = ctx.now();
  const status = appStatus(app, now, ctx.config.deletingMs);
  if (status === 'Deleted') throw notFound(`App ${describeApp(app)} is already deleted`);
  if (status === 'Deleting') throw inUse(`App ${describeApp(app)} is already being deleted`);
  if (status === 'Pending') throw inUse(`App ${describeApp(app)} is Pending; delete it once it is InService`);
  app.deleteRequestedAt = now;
  return {};
};

export const describeAppHandler: Handler = (input, ctx) => {
  const app = findApp(ctx, input);
  const status = appStatus(app, ctx.now(), ctx.config.deletingMs);
  return {
    AppArn: app.arn,
    AppType: app.type,
    AppName: app.name,
    DomainId: app.domainId,
    ...ownerFields(app.owner),
    Status: status,
    CreationTime: epochSeconds(app.createdAt),
    ...(status === 'InService' ? { LastHealthCheckTimestamp: epochSeconds(ctx.now()) } : {}),
    ...(status === 'Failed' ? { FailureReason: 'The app failed to start (seeded as Failed)' } : {}),
    ResourceSpec: app.resourceSpec,
  };
};

export const listApps: Handler = (input, ctx) => {
  const { MaxResults, NextToken, SortOrder, SortBy, DomainIdEquals, UserProfileNameEquals, SpaceNameEquals } =
    input;
  if (UserProfileNameEquals !== undefined && SpaceNameEquals !== undefined)
    throw invalid('UserProfileNameEquals and SpaceNameEquals cannot both be set');
  const user = typeof UserProfileNameEquals === 'string' ? UserProfileNameEquals.toLowerCase() : undefined;
  const apps = ctx.state.studio
    .allApps()
    .filter((a) => DomainIdEquals === undefined || a.domainId === DomainIdEquals)
    .filter((a) => user === undefined || (a.owner.kind === 'user' && a.owner.name.toLowerCase() === user))
    .filter(
      (a) => SpaceNameEquals === undefined || (a.owner.kind === 'space' && a.owner.name === SpaceNameEquals),
    );
  const page = paginate(apps, (a) => [a.createdAt, a.seq], {
    MaxResults,
    NextToken,
    defaultMax: 10,
    query: { SortOrder, SortBy, DomainIdEquals, UserProfileNameEquals, SpaceNameEquals },
    descending: isDescending(SortOrder),
  });
  const now = ctx.now();
  return {
    Apps: page.items.map((a) => ({
      DomainId: a.domainId,
      ...ownerFields(a.owner),
      AppType: a.type,
      AppName: a.name,
      Status: appStatus(a, now, ctx.config.deletingMs),
      CreationTime: epochSeconds(a.createdAt),
      ResourceSpec: a.resourceSpec,
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

const ownerFields = (owner: AppOwner): Record<string, string> =>
  owner.kind === 'user' ? { UserProfileName: owner.name } : { SpaceName: owner.name };
