import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../http/aws-error';
import { paginate } from '../pagination';
import {
  AdminInputError,
  epochSeconds,
  type AdminAnswer,
  type Handler,
  type RequestContext,
} from '../services/service';
import { containerName } from '../containers/container-store';
import { tagList } from '../studio/tags';
import { MAX_TAGS, type Activation, type ManagedInstance } from './managed-instance-store';

const DAY = 24 * 3600_000;
/** AWS's default lifetime of an activation, and the longest one may be asked for. */
const DEFAULT_LIFETIME_MS = DAY;
const MAX_LIFETIME_MS = 30 * DAY;

const ssmError = (code: string, message: string): AwsError => new AwsError(code, message);

export const createActivation: Handler = (input, ctx) => {
  const iamRole = input['IamRole'] as string;
  // Studio execution roles are ordinary roles; a service-linked one is what AWS refuses here.
  if (/^(aws-service-role\/|AWSServiceRoleFor)/.test(iamRole))
    throw ssmError(
      'InvalidParameters',
      `IamRole ${iamRole} is a service-linked role; create a role of your own`,
    );
  const now = ctx.now();
  const requested = input['ExpirationDate'];
  const expiresAt = typeof requested === 'number' ? requested * 1000 : now + DEFAULT_LIFETIME_MS;
  if (expiresAt <= now) throw ssmError('InvalidParameters', 'ExpirationDate must be in the future');
  if (expiresAt > now + MAX_LIFETIME_MS)
    throw ssmError('InvalidParameters', 'ExpirationDate can be at most 30 days from now');
  const tags = new Map<string, string>();
  for (const tag of (input['Tags'] as { Key: string; Value: string }[] | undefined) ?? []) {
    if (tags.has(tag.Key)) throw ssmError('InvalidParameters', `Tag key ${tag.Key} is given twice`);
    tags.set(tag.Key, tag.Value);
  }
  if (tags.size > MAX_TAGS)
    throw ssmError('InvalidParameters', `An activation can have at most ${MAX_TAGS} tags`);
  const activation: Activation = {
    id: randomUUID(),
    code: activationCode(),
    ...(typeof input['Description'] === 'string' ? { description: input['Description'] } : {}),
    ...(typeof input['DefaultInstanceName'] === 'string'
      ? { defaultInstanceName: input['DefaultInstanceName'] }
      : {}),
    iamRole,
    registrationLimit: (input['RegistrationLimit'] as number | undefined) ?? 1,
    registrationsCount: 0,
    expiresAt,
    createdAt: now,
    tags,
    seq: ctx.state.ssh.nextSeq(),
  };
  ctx.state.ssh.activations.set(activation.id, activation);
  return { ActivationId: activation.id, ActivationCode: activation.code };
};

/** 20 letters and digits, like AWS's codes. */
function activationCode(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
}

const FILTER_KEYS = ['ActivationIds', 'DefaultInstanceName', 'IamRole'];

export const describeActivations: Handler = (input, ctx) => {
  const { Filters, MaxResults, NextToken } = input;
  const filters = (Filters as { FilterKey?: string; FilterValues?: string[] }[] | undefined) ?? [];
  for (const f of filters) {
    if (f.FilterKey === undefined || !FILTER_KEYS.includes(f.FilterKey))
      throw ssmError('InvalidFilter', `Filter key must be one of ${FILTER_KEYS.join(', ')}`);
  }
  const field = (a: Activation, key: string): string | undefined =>
    key === 'ActivationIds' ? a.id : key === 'IamRole' ? a.iamRole : a.defaultInstanceName;
  const activations = [...ctx.state.ssh.activations.values()].filter((a) =>
    filters.every((f) => (f.FilterValues ?? []).includes(field(a, f.FilterKey as string) ?? '')),
  );
  const page = paginate(activations, (a) => [a.createdAt, a.seq], {
    MaxResults,
    NextToken,
    defaultMax: 50,
    query: { Filters },
    descending: false,
    invalidToken: (m) => ssmError('InvalidNextToken', m),
  });
  const now = ctx.now();
  return {
    ActivationList: page.items.map((a) => ({
      ActivationId: a.id,
      ...(a.description !== undefined ? { Description: a.description } : {}),
      ...(a.defaultInstanceName !== undefined ? { DefaultInstanceName: a.defaultInstanceName } : {}),
      IamRole: a.iamRole,
      RegistrationLimit: a.registrationLimit,
      // The model's RegistrationsCount has a minimum of 1: an unused activation leaves it out.
      ...(a.registrationsCount > 0 ? { RegistrationsCount: a.registrationsCount } : {}),
      ExpirationDate: epochSeconds(a.expiresAt),
      Expired: now >= a.expiresAt,
      CreatedDate: epochSeconds(a.createdAt),
      Tags: tagList(a.tags),
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

/** What `amazon-ssm-agent -register -id … -code …` sends about its machine; all optional but the pair. */
interface Registration {
  activationId: string;
  activationCode: string;
  /** The sandbox folder standing for the machine (keep it to keep its host keys). Default: the name. */
  container?: string;
  name?: string;
  computerName?: string;
  ipAddress?: string;
  platformName?: string;
  platformVersion?: string;
  agentVersion?: string;
}

const AGENT_VERSION = /^[0-9]{1,6}(\.[0-9]{1,6}){2,3}$/;

function readRegistration(body: unknown): Registration {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AdminInputError(
      'the body must be a JSON object such as {"activationId": "…", "activationCode": "…"}',
    );
  const fields = body as Record<string, unknown>;
  const known = [
    'activationId',
    'activationCode',
    'container',
    'name',
    'computerName',
    'ipAddress',
    'platformName',
    'platformVersion',
    'agentVersion',
  ];
  const unknown = Object.keys(fields).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new AdminInputError(`unknown fields ${unknown.join(', ')} (known: ${known.join(', ')})`);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value === '')
      throw new AdminInputError(`${key} must be a non-empty string`);
  }
  if (fields['activationId'] === undefined || fields['activationCode'] === undefined)
    throw new AdminInputError('activationId and activationCode are required');
  if (fields['agentVersion'] !== undefined && !AGENT_VERSION.test(fields['agentVersion'] as string))
    throw new AdminInputError('agentVersion must look like 3.3.1142.0');
  return fields as unknown as Registration;
}

/**
 * `POST /_emulator/agents/register`: what the agent's registration does against AWS. The activation
 * must exist, match its code, be unexpired and have registrations left; the new `mi-…` carries the
 * activation's tags and is Online until its agent stops. Answers 201 with the instance id.
 */
export async function registerAgent(body: Promise<unknown>, ctx: RequestContext): Promise<AdminAnswer> {
  const registration = readRegistration(await body);
  const { ssh } = ctx.state;
  const activation = ssh.activations.get(registration.activationId);
  const refuse = (code: string, error: string): AdminAnswer => ({ status: 400, body: { code, error } });
  if (!activation) return refuse('InvalidActivationId', `no activation ${registration.activationId}`);
  if (!sameSecret(activation.code, registration.activationCode))
    return refuse('InvalidActivation', `the code does not match activation ${activation.id}`);
  const now = ctx.now();
  if (now >= activation.expiresAt)
    return refuse('ActivationExpired', `activation ${activation.id} has expired`);
  if (activation.registrationsCount >= activation.registrationLimit)
    return refuse(
      'RegistrationLimitExceeded',
      `activation ${activation.id} has been used ${activation.registrationsCount} of ${activation.registrationLimit} times`,
    );
  activation.registrationsCount++;
  const id = `mi-${randomBytes(9).toString('hex').slice(0, 17)}`;
  const name = registration.name ?? activation.defaultInstanceName ?? '';
  const instance: ManagedInstance = {
    id,
    activationId: activation.id,
    iamRole: activation.iamRole,
    name,
    container: containerName(registration.container ?? name, id),
    registeredAt: now,
    online: true,
    lastPingAt: now,
    computerName: registration.computerName ?? `${name || id}.local`.slice(0, 255),
    ipAddress: registration.ipAddress ?? '127.0.0.1',
    platformName: registration.platformName ?? 'Ubuntu',
    platformVersion: registration.platformVersion ?? '22.04',
    agentVersion: registration.agentVersion ?? '3.3.1142.0',
    tags: new Map(activation.tags),
    seq: ssh.nextSeq(),
  };
  ssh.instances.set(id, instance);
  return {
    status: 201,
    body: { instanceId: id, container: instance.container, loginUser: ssh.containers.user },
  };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
