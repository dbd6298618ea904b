/**
 * Opening a session to a target: SageMaker's StartSession for a space (no agent, no activation), SSM's
 * StartSession with AWS-StartSSHSession to port 22 for a registered container. Both answer with the
 * same three things: a session id, the data channel's websocket URL and the token to open it with.
 */
import {
  type SageMakerClient,
  StartSessionCommand as StartSpaceSessionCommand,
} from '@aws-sdk/client-sagemaker';
import {
  type SSMClient,
  StartSessionCommand as StartSsmSessionCommand,
  TerminateSessionCommand,
} from '@aws-sdk/client-ssm';
import { UserError } from '../errors';
import type { ResolvedTarget } from './find-targets';

/** The SSM document that forwards a session to a port of the target; 22 is sshd. */
export const SSH_DOCUMENT = 'AWS-StartSSHSession';
export const SSH_PORT = '22';

export interface OpenedSession {
  service: 'sagemaker' | 'ssm';
  sessionId: string;
  streamUrl: string;
  tokenValue: string;
  /** The request as the service got it: session-manager-plugin wants it back as an argument. */
  request: Record<string, unknown>;
}

export async function startTargetSession(
  clients: { sagemaker: SageMakerClient; ssm: SSMClient },
  target: ResolvedTarget,
  opts: { abortSignal?: AbortSignal } = {},
): Promise<OpenedSession> {
  const send = opts.abortSignal ? { abortSignal: opts.abortSignal } : {};
  if (target.kind === 'space') {
    const request = { ResourceIdentifier: target.spaceArn };
    const out = await clients.sagemaker.send(new StartSpaceSessionCommand(request), send);
    return opened('sagemaker', out, request, target.name);
  }
  const request = {
    Target: target.instanceId,
    DocumentName: SSH_DOCUMENT,
    Parameters: { portNumber: [SSH_PORT] },
  };
  const out = await clients.ssm.send(new StartSsmSessionCommand(request), send);
  return opened('ssm', out, request, target.name);
}

function opened(
  service: OpenedSession['service'],
  out: { SessionId?: string; StreamUrl?: string; TokenValue?: string },
  request: Record<string, unknown>,
  name: string,
): OpenedSession {
  if (!out.SessionId || !out.StreamUrl || !out.TokenValue) {
    throw new UserError(`StartSession for ${name} returned no stream URL or token`);
  }
  return { service, sessionId: out.SessionId, streamUrl: out.StreamUrl, tokenValue: out.TokenValue, request };
}

/**
 * Tells SSM the session is over, so it leaves the console's active list at once instead of timing
 * out. Best effort and bounded: the connection is already closed. SageMaker sessions have no such call.
 */
export async function endTargetSession(
  ssm: SSMClient,
  session: OpenedSession,
  timeoutMs = 2000,
): Promise<void> {
  if (session.service !== 'ssm') return;
  try {
    await ssm.send(new TerminateSessionCommand({ SessionId: session.sessionId }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    // Already gone, or unreachable: either way there is nothing left to do.
  }
}
