import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Container } from '../containers/container';
import type { RequestContext } from '../services/service';

/**
 * The session's connection on the data channel, as far as the store uses it: a handle on the agent end
 * that runs in the data-channel worker (data-channel.ts gives it once the connection's token is
 * accepted). Closing or destroying it is a message to the worker.
 */
export interface SessionChannel {
  close(output?: string): Promise<void>;
  destroy(): void;
}

export type SessionStatus =
  'Connecting' | 'Connected' | 'Terminating' | 'Terminated' | 'Failed' | 'Disconnected';

/** One Session Manager session, from SageMaker's StartSession or SSM's; times in epoch ms. */
export interface SessionRecord {
  id: string;
  /** The space ARN (SageMaker) or the managed instance id (SSM). */
  target: string;
  via: 'sagemaker' | 'ssm';
  documentName?: string;
  /** The caller's ARN, as DescribeSessions reports the owner. */
  owner: string;
  reason?: string;
  startedAt: number;
  endedAt?: number;
  status: SessionStatus;
  /** Why it failed or ended, in DescribeSessions' Details. */
  details?: string;
  /** Only its digest is kept: the token itself leaves in StartSession's answer and nowhere else. */
  tokenDigest: Buffer;
  tokenUsed: boolean;
  tokenExpiresAt: number;
  container: Container;
  portNumber: string;
  /** Keys read and sshd started; resolves with the port the session is bridged to. */
  prepared: Promise<number>;
  agent?: SessionChannel;
  /** Frames the fault injection passed, dropped and duplicated, reported when the connection ends. */
  chaos?: { passed: number; dropped: number; duplicated: number };
  seq: number;
}

/**
 * How long a token opens its session. AWS's is "valid only long enough to ensure the connection is
 * successful"; two minutes leaves room for a slow `ssh` start without keeping tokens around.
 */
export const TOKEN_LIFETIME_MS = 120_000;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Starts a session on a container: reads its keys and starts its sshd in the background. */
export function openSession(
  ctx: RequestContext,
  fields: Pick<SessionRecord, 'target' | 'via' | 'owner' | 'container' | 'portNumber'> & {
    callerName: string;
    documentName?: string;
    reason?: string;
  },
): { session: SessionRecord; token: string } {
  const { ssh } = ctx.state;
  // AWS names sessions after the caller: `jane.doe-0a1b2c3d4e5f67890`.
  const id = `${fields.callerName}-${randomBytes(9).toString('hex').slice(0, 17)}`;
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const prepared = fields.container.prepare({
    upstreamUrl: ctx.config.upstreamUrl,
    region: ctx.config.region,
    now,
  });
  const session: SessionRecord = {
    id,
    target: fields.target,
    via: fields.via,
    ...(fields.documentName !== undefined ? { documentName: fields.documentName } : {}),
    owner: fields.owner,
    ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    startedAt: now,
    status: 'Connecting',
    tokenDigest: digest(token),
    tokenUsed: false,
    tokenExpiresAt: now + TOKEN_LIFETIME_MS,
    container: fields.container,
    portNumber: fields.portNumber,
    prepared,
    seq: ssh.nextSeq(),
  };
  // Awaited by the data channel; a failure is reported there (ConnectToPortError) and here.
  prepared.catch((err: unknown) => {
    session.details = `the container could not be prepared: ${(err as Error).message}`;
    console.warn(`emulator: session ${id}: ${session.details}`);
  });
  ssh.sessions.set(id, session);
  return { session, token };
}

/** True once, for the right token within its lifetime: a token opens one connection. */
export function consumeToken(session: SessionRecord, token: string, now: number): boolean {
  if (session.tokenUsed || now > session.tokenExpiresAt || isOver(session)) return false;
  if (!timingSafeEqual(digest(token), session.tokenDigest)) return false;
  session.tokenUsed = true;
  return true;
}

export const isOver = (session: SessionRecord): boolean =>
  session.status === 'Terminated' || session.status === 'Failed' || session.status === 'Disconnected';

/** A session nobody connected to before its token expired has failed, as a dead target's would. */
export function settle(session: SessionRecord, now: number): SessionRecord {
  if (session.status === 'Connecting' && !session.tokenUsed && now > session.tokenExpiresAt)
    endSession(session, 'Failed', now, 'no client connected before the token expired');
  return session;
}

/** Ends a session: its data channel is told why and closed, no token opens it again. */
export function endSession(
  session: SessionRecord,
  status: 'Terminated' | 'Failed' | 'Disconnected',
  now: number,
  details?: string,
): void {
  session.tokenUsed = true;
  if (isOver(session)) return;
  session.status = status;
  session.endedAt = now;
  if (details !== undefined) session.details = details;
  void session.agent?.close(details ?? '');
}
