import { AwsError, invalid } from '../http/aws-error';
import { paginate } from '../pagination';
import { epochSeconds, type AdminAnswer, type Handler, type RequestContext } from '../services/service';
import { tagList } from '../studio/tags';
import { callMoto } from './moto-call';
import { MAX_TAGS, type ManagedInstance } from './managed-instance-store';
import { endSession } from './session-store';

const ssmError = (code: string, message: string): AwsError => new AwsError(code, message);

const INSTANCE_ID = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/;

/** What DescribeInstanceInformation lists: the managed instances, and the bastion (an EC2 instance). */
interface Row {
  id: string;
  instance?: ManagedInstance;
  seq: number;
}

function rows(ctx: RequestContext): Row[] {
  const bastion = ctx.config.bastionInstanceId;
  return [
    ...(bastion !== undefined ? [{ id: bastion, seq: 0 }] : []),
    ...[...ctx.state.ssh.instances.values()].map((instance) => ({
      id: instance.id,
      instance,
      seq: instance.seq,
    })),
  ];
}

/** The value a filter key reads from an instance; a `tag:` key reads that tag. */
function field(row: Row, key: string): string[] | undefined {
  const i = row.instance;
  switch (key) {
    case 'InstanceIds':
    case 'SourceIds':
      return [row.id];
    case 'AgentVersion':
      return [i?.agentVersion ?? BASTION.agentVersion];
    case 'PingStatus':
      return [i === undefined || i.online ? 'Online' : 'ConnectionLost'];
    case 'PlatformTypes':
      return ['Linux'];
    case 'ActivationIds':
      return i ? [i.activationId] : [];
    case 'IamRole':
      return i ? [i.iamRole] : [];
    case 'ResourceType':
      return [i ? 'ManagedInstance' : 'EC2Instance'];
    case 'SourceTypes':
      return [i ? 'AWS::SSM::ManagedInstance' : 'AWS::EC2::Instance'];
    case 'AssociationStatus':
      return [];
    case 'tag-key':
      return i ? [...i.tags.keys()] : [];
    default:
      if (key.startsWith('tag:')) {
        const value = i?.tags.get(key.slice(4));
        return value === undefined ? [] : [value];
      }
      return undefined;
  }
}

const isTagKey = (key: string): boolean => key === 'tag-key' || key.startsWith('tag:');

export const describeInstanceInformation: Handler = (input, ctx) => {
  const legacy = input['InstanceInformationFilterList'] as { key: string; valueSet: string[] }[] | undefined;
  const modern = input['Filters'] as { Key: string; Values: string[] }[] | undefined;
  if (legacy !== undefined && modern !== undefined)
    throw invalid('InstanceInformationFilterList and Filters cannot be used together; use Filters');
  const filters = [
    ...(legacy ?? []).map((f) => ({ key: f.key, values: f.valueSet })),
    ...(modern ?? []).map((f) => ({ key: f.Key, values: f.Values })),
  ];
  const all = rows(ctx);
  for (const { key, values } of filters) {
    if (field({ id: key, seq: 0 }, key) === undefined)
      throw ssmError('InvalidFilterKey', `${key} is not a filter key of DescribeInstanceInformation`);
    if (key === 'InstanceIds') {
      const bad = values.find((v) => !INSTANCE_ID.test(v));
      if (bad !== undefined)
        throw ssmError('InvalidInstanceInformationFilterValue', `${bad} is not an instance id`);
      const unknown = values.filter((v) => !all.some((r) => r.id === v));
      if (unknown.length > 0)
        throw ssmError('InvalidInstanceId', `Instances [${unknown.join(', ')}] are not managed instances`);
    }
  }
  if (filters.some((f) => isTagKey(f.key)) && filters.some((f) => !isTagKey(f.key)))
    throw invalid('Tag filters cannot be combined with other filter types');
  const matching = all.filter((row) =>
    filters.every(({ key, values }) => (field(row, key) ?? []).some((v) => values.includes(v))),
  );
  const page = paginate(matching, (r) => [r.seq], {
    MaxResults: input['MaxResults'],
    NextToken: input['NextToken'],
    defaultMax: 10,
    query: { InstanceInformationFilterList: legacy, Filters: modern },
    descending: false,
    invalidToken: (m) => ssmError('InvalidNextToken', m),
  });
  const now = ctx.now();
  return {
    InstanceInformationList: page.items.map((r) =>
      r.instance ? view(r.instance, now) : bastionView(r.id, now),
    ),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

function view(i: ManagedInstance, now: number): Record<string, unknown> {
  return {
    InstanceId: i.id,
    PingStatus: i.online ? 'Online' : 'ConnectionLost',
    LastPingDateTime: epochSeconds(i.online ? now : i.lastPingAt),
    AgentVersion: i.agentVersion,
    IsLatestVersion: false,
    PlatformType: 'Linux',
    PlatformName: i.platformName,
    PlatformVersion: i.platformVersion,
    ActivationId: i.activationId,
    IamRole: i.iamRole,
    RegistrationDate: epochSeconds(i.registeredAt),
    ResourceType: 'ManagedInstance',
    Name: i.name,
    IPAddress: i.ipAddress,
    ComputerName: i.computerName,
    SourceId: i.id,
    SourceType: 'AWS::SSM::ManagedInstance',
  };
}

const BASTION = { agentVersion: '3.3.1142.0' };

function bastionView(id: string, now: number): Record<string, unknown> {
  return {
    InstanceId: id,
    PingStatus: 'Online',
    LastPingDateTime: epochSeconds(now),
    AgentVersion: BASTION.agentVersion,
    IsLatestVersion: false,
    PlatformType: 'Linux',
    PlatformName: 'Amazon Linux',
    PlatformVersion: '2023',
    ResourceType: 'EC2Instance',
    IPAddress: '10.0.1.23',
    ComputerName: 'ip-10-0-1-23.ec2.internal',
    SourceId: id,
    SourceType: 'AWS::EC2::Instance',
  };
}

function instanceOf(ctx: RequestContext, id: string, code: string): ManagedInstance {
  const instance = ctx.state.ssh.instances.get(id);
  if (!instance) throw ssmError(code, `Instance ${id} is not a registered managed instance`);
  return instance;
}

/** The container of an instance whose agent is gone: its sessions end and its sshd stops. */
async function disconnect(ctx: RequestContext, instance: ManagedInstance, why: string): Promise<void> {
  for (const session of ctx.state.ssh.sessions.values()) {
    if (session.target === instance.id) endSession(session, 'Terminated', ctx.now(), why);
  }
  await ctx.state.ssh.containers.get(instance.container)?.stop();
}

/** Removes the instance for good (the home folder stays, as the machine's disk would). */
export const deregisterManagedInstance: Handler = async (input, ctx) => {
  const instance = instanceOf(ctx, input['InstanceId'] as string, 'InvalidInstanceId');
  ctx.state.ssh.instances.delete(instance.id);
  await disconnect(ctx, instance, `${instance.id} was deregistered`);
  return {};
};

/** `PUT /_emulator/agents/<id>` with `{"online": false}`: the agent stopped (or started again). */
export async function setAgentOnline(ctx: RequestContext, id: string, body: unknown): Promise<AdminAnswer> {
  const online = (body as { online?: unknown } | null)?.online;
  if (typeof online !== 'boolean')
    return { status: 400, body: { error: 'the body must be {"online": true|false}' } };
  const instance = ctx.state.ssh.instances.get(id);
  if (!instance) return { status: 404, body: { error: `no managed instance ${id}` } };
  if (instance.online && !online) {
    instance.lastPingAt = ctx.now();
    await disconnect(ctx, instance, `the agent of ${id} stopped`);
  }
  instance.online = online;
  return { status: 200, body: { instanceId: id, pingStatus: online ? 'Online' : 'ConnectionLost' } };
}

/**
 * Tags of managed instances are ours; every other resource type's (parameters above all) are moto's,
 * so those calls go on to moto as they came.
 */
function taggedInstance(ctx: RequestContext, input: Record<string, unknown>): ManagedInstance | undefined {
  if (input['ResourceType'] !== 'ManagedInstance') return undefined;
  const id = input['ResourceId'] as string;
  const instance = ctx.state.ssh.instances.get(id);
  if (!instance) throw ssmError('InvalidResourceId', `${id} is not a registered managed instance`);
  return instance;
}

export const addTagsToResource: Handler = (input, ctx) => {
  const instance = taggedInstance(ctx, input);
  if (!instance) return callMoto(ctx, 'AmazonSSM.AddTagsToResource', input);
  const added = input['Tags'] as { Key: string; Value: string }[];
  const keys = new Set([...instance.tags.keys(), ...added.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS)
    throw ssmError('TooManyTagsError', `A managed instance can have at most ${MAX_TAGS} tags`);
  for (const tag of added) instance.tags.set(tag.Key, tag.Value);
  return {};
};

export const removeTagsFromResource: Handler = (input, ctx) => {
  const instance = taggedInstance(ctx, input);
  if (!instance) return callMoto(ctx, 'AmazonSSM.RemoveTagsFromResource', input);
  for (const key of input['TagKeys'] as string[]) instance.tags.delete(key);
  return {};
};

export const listTagsForResource: Handler = (input, ctx) => {
  const instance = taggedInstance(ctx, input);
  if (!instance) return callMoto(ctx, 'AmazonSSM.ListTagsForResource', input);
  return { TagList: tagList(instance.tags) };
};
