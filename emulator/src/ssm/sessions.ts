import { AwsError, invalid } from '../http/aws-error';
import { paginate } from '../pagination';
import { epochSeconds, type Handler } from '../services/service';
import { containerName } from '../containers/container-store';
import { findSshd } from '../containers/sshd-config';
import { sshdMissing } from '../containers/container';
import { accessDenied, identifyCaller, sameProfile } from '../studio/caller';
import { OWNER_TAG } from './managed-instance-store';
import { startBastionSession } from './bastion-session';
import { dataChannelUrl } from './data-channel';
import { endSession, isOver, openSession, settle, type SessionRecord } from './session-store';

const ssmError = (code: string, message: string): AwsError => new AwsError(code, message);

/** The one document the local containers take: a port session to their sshd. */
export const SSH_DOCUMENT = 'AWS-StartSSHSession';
const SSH_PORT = '22';

/**
 * SSM StartSession with AWS-StartSSHSession to a managed instance. Only the instance's owner may:
 * this stands for the IAM condition the CDK app writes on ssm:StartSession
 * (`ssm:resourceTag/owner` equal to the caller's profile), so a user cannot reach another's container.
 */
export const startSession: Handler = async (input, ctx) => {
  const target = input['Target'] as string;
  const document = (input['DocumentName'] as string | undefined) ?? 'SSM-SessionManagerRunShell';
  if (document !== SSH_DOCUMENT)
    throw ssmError(
      'InvalidDocument',
      `Document ${document} is not available here; the local containers take ${SSH_DOCUMENT}`,
    );
  const parameters = (input['Parameters'] as Record<string, string[]> | undefined) ?? {};
  const unknown = Object.keys(parameters).filter((p) => p !== 'portNumber');
  if (unknown.length > 0)
    throw ssmError('InvalidParameters', `${SSH_DOCUMENT} has no parameters ${unknown.join(', ')}`);
  const port = parameters['portNumber']?.[0] ?? SSH_PORT;
  if (port !== SSH_PORT || (parameters['portNumber']?.length ?? 1) !== 1)
    throw ssmError(
      'InvalidParameters',
      `the local containers only run sshd, on port ${SSH_PORT}; portNumber ${port} is not served`,
    );
  if (target === ctx.config.bastionInstanceId)
    return startBastionSession(ctx, {
      target,
      portNumber: port,
      documentName: document,
      ...(typeof input['Reason'] === 'string' ? { reason: input['Reason'] } : {}),
    });
  const caller = await identifyCaller(ctx);
  const { ssh } = ctx.state;
  const instance = ssh.instances.get(target);
  if (!instance) {
    const why =
      target === ctx.config.bastionInstanceId ? ' (the local bastion runs commands, not sessions)' : '';
    throw ssmError('TargetNotConnected', `${target} is not connected.${why}`);
  }
  const owner = instance.tags.get(OWNER_TAG);
  if (!sameProfile(owner, caller.profile))
    throw accessDenied(
      caller,
      'ssm:StartSession',
      `arn:aws:ssm:${ctx.config.region}:${ctx.config.accountId}:managed-instance/${instance.id}`,
      owner === undefined
        ? `the instance has no ${OWNER_TAG} tag`
        : `its ${OWNER_TAG} tag is not your user profile (${caller.profile ?? 'none'})`,
    );
  if (!instance.online) throw ssmError('TargetNotConnected', `${target} is not connected.`);
  if (!findSshd()) throw ssmError('TargetNotConnected', `${target} is not connected: ${sshdMissing()}`);
  const container = await ssh.containers.obtain(
    containerName(instance.container, instance.id),
    ctx.config.homesDir,
    { kind: 'managed-instance', instanceId: instance.id },
    owner,
  );
  const { session, token } = openSession(ctx, {
    target,
    via: 'ssm',
    owner: caller.arn,
    callerName: caller.name,
    container,
    portNumber: port,
    documentName: document,
    ...(typeof input['Reason'] === 'string' ? { reason: input['Reason'] } : {}),
  });
  return { SessionId: session.id, TokenValue: token, StreamUrl: await dataChannelUrl(ctx, session.id) };
};

/**
 * Ends a session for good and closes its data channel. As IAM's usual policy has it
 * (`ssm:resourceTag/aws:ssmmessages:session-id` = the caller), only the session's owner may.
 * Ending an ended session answers as AWS does: with its id.
 */
export const terminateSession: Handler = async (input, ctx) => {
  const id = input['SessionId'] as string;
  const session = ctx.state.ssh.sessions.get(id);
  if (!session) return { SessionId: id };
  const caller = await identifyCaller(ctx);
  if (caller.arn !== session.owner)
    throw accessDenied(
      caller,
      'ssm:TerminateSession',
      `arn:aws:ssm:${ctx.config.region}:${ctx.config.accountId}:session/${id}`,
      'the session is not yours',
    );
  endSession(session, 'Terminated', ctx.now(), 'the session was terminated (TerminateSession)');
  return { SessionId: id };
};

const FILTER_KEYS = new Set([
  'InvokedAfter',
  'InvokedBefore',
  'Target',
  'Owner',
  'Status',
  'SessionId',
  'AccessType',
]);

export const describeSessions: Handler = (input, ctx) => {
  const state = input['State'] as 'Active' | 'History';
  const filters = (input['Filters'] as { key: string; value: string }[] | undefined) ?? [];
  for (const f of filters) {
    if (!FILTER_KEYS.has(f.key)) throw ssmError('InvalidFilterKey', `${f.key} is not a session filter`);
  }
  const sessions = [...ctx.state.ssh.sessions.values()]
    .map((s) => settle(s, ctx.now()))
    .filter((s) => (state === 'Active') !== isOver(s))
    .filter((s) => filters.every((f) => matches(s, f.key, f.value)));
  const page = paginate(sessions, (s) => [s.startedAt, s.seq], {
    MaxResults: input['MaxResults'],
    NextToken: input['NextToken'],
    defaultMax: 20,
    query: { State: state, Filters: input['Filters'] },
    descending: true,
    invalidToken: (m) => ssmError('InvalidNextToken', m),
  });
  return {
    Sessions: page.items.map((s) => ({
      SessionId: s.id,
      Target: s.target,
      Status: s.status,
      StartDate: epochSeconds(s.startedAt),
      ...(s.endedAt !== undefined ? { EndDate: epochSeconds(s.endedAt) } : {}),
      ...(s.documentName !== undefined ? { DocumentName: s.documentName } : {}),
      Owner: s.owner,
      ...(s.reason !== undefined ? { Reason: s.reason } : {}),
      ...(s.details ? { Details: s.details.slice(0, 1024) } : {}),
      AccessType: 'Standard',
    })),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};

function matches(s: SessionRecord, key: string, value: string): boolean {
  switch (key) {
    case 'InvokedAfter':
      return s.startedAt >= date(value);
    case 'InvokedBefore':
      return s.startedAt <= date(value);
    case 'Target':
      return s.target === value;
    case 'Owner':
      return s.owner === value;
    case 'Status':
      return s.status === value;
    case 'SessionId':
      return s.id === value;
    default:
      return value === 'Standard';
  }
}

function date(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${value} is not an ISO 8601 date`);
  return ms;
}
