import { BastionContainer } from '../containers/bastion';
import { sshdMissing } from '../containers/container';
import { findSshd } from '../containers/sshd-config';
import { AwsError } from '../http/aws-error';
import type { RequestContext } from '../services/service';
import { identifyCaller } from '../studio/caller';
import { dataChannelUrl } from './data-channel';
import { openSession } from './session-store';

/**
 * SSM StartSession (AWS-StartSSHSession, port 22) to the team bastion: the seed's bastion instance
 * id, backed by a sandbox sshd (BastionContainer). Every team member may, as the CDK app's user
 * policy allows ssm:StartSession on the bastion; what keeps strangers out is the key in the secret.
 */
export async function startBastionSession(
  ctx: RequestContext,
  request: { target: string; portNumber: string; documentName: string; reason?: string },
): Promise<{ SessionId: string; TokenValue: string; StreamUrl: string }> {
  const caller = await identifyCaller(ctx);
  if (!findSshd())
    throw new AwsError('TargetNotConnected', `${request.target} is not connected: ${sshdMissing()}`);
  const { ssh } = ctx.state;
  const container = ssh.containers.obtainSpecial(
    `bastion-${request.target}`,
    () => new BastionContainer(request.target, ctx.config.homesDir, ssh.containers.user),
    BastionContainer,
  );
  const { session, token } = openSession(ctx, {
    target: request.target,
    via: 'ssm',
    owner: caller.arn,
    callerName: caller.name,
    container,
    portNumber: request.portNumber,
    documentName: request.documentName,
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
  });
  return { SessionId: session.id, TokenValue: token, StreamUrl: await dataChannelUrl(ctx, session.id) };
}
