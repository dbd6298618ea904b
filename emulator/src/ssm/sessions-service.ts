import type { AdminAnswer, AdminRequest, RequestContext, ServiceDefinition } from '../services/service';
import { createActivation, describeActivations, registerAgent } from './activations';
import { checkDataChannelSettings, type DataChannelSettings } from './data-channel-settings';
import {
  addTagsToResource,
  deregisterManagedInstance,
  describeInstanceInformation,
  listTagsForResource,
  removeTagsFromResource,
  setAgentOnline,
} from './managed-instances';
import { describeSessions, startSession, terminateSession } from './sessions';
import { sshSnapshot } from './ssh-snapshot';

/**
 * Session Manager and hybrid activations, which moto lacks: the way into activated classic apps and
 * jobs, and the sessions of both (SageMaker's too; their data channels are data-channel.ts's).
 * Parameters stay moto's.
 */
export const ssmSessionsService: ServiceDefinition = {
  targetPrefix: 'AmazonSSM',
  botocoreName: 'ssm',
  botocoreVersion: '2014-11-06',
  operations: {
    CreateActivation: createActivation,
    DescribeActivations: describeActivations,
    DescribeInstanceInformation: describeInstanceInformation,
    DeregisterManagedInstance: deregisterManagedInstance,
    AddTagsToResource: addTagsToResource,
    RemoveTagsFromResource: removeTagsFromResource,
    ListTagsForResource: listTagsForResource,
    StartSession: startSession,
    TerminateSession: terminateSession,
    DescribeSessions: describeSessions,
  },
  admin: {
    endpoints: [
      'GET /_emulator/ssh',
      'POST /_emulator/agents/register',
      'PUT /_emulator/agents/<mi-id>',
      'GET|PUT /_emulator/data-channel',
    ],
    handle: sshAdmin,
  },
};

async function sshAdmin(request: AdminRequest, ctx: RequestContext): Promise<AdminAnswer | undefined> {
  const { method, path } = request;
  const { ssh } = ctx.state;
  const wrongMethod = (allowed: string): AdminAnswer => ({
    status: 405,
    body: { error: `${method} is not allowed on /_emulator${path} (use ${allowed})` },
  });
  if (path === '/ssh')
    return method === 'GET' ? { status: 200, body: sshSnapshot(ssh, ctx.config) } : wrongMethod('GET');
  if (path === '/agents/register')
    return method === 'POST' ? registerAgent(request.json(), ctx) : wrongMethod('POST');
  const agent = /^\/agents\/(mi-[0-9a-f]{17})$/.exec(path);
  if (agent)
    return method === 'PUT'
      ? setAgentOnline(ctx, agent[1] as string, await request.json())
      : wrongMethod('PUT');
  if (path === '/data-channel') {
    if (method === 'GET') return { status: 200, body: ssh.dataChannel };
    if (method !== 'PUT') return wrongMethod('GET or PUT');
    const body = await request.json();
    const problems = checkDataChannelSettings(body);
    if (problems.length > 0)
      return { status: 400, body: { error: 'invalid data-channel settings', problems } };
    ssh.dataChannel = { ...ssh.dataChannel, ...(body as Partial<DataChannelSettings>) };
    return { status: 200, body: ssh.dataChannel };
  }
  return undefined;
}
