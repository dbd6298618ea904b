import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { profileNameFor } from '@studio-teams/schema/plain';
import { EXIT, UserError } from './errors';

/**
 * Who the laptop user is in Studio. As in the original, people reach AWS through a role assumed with
 * their own name as the session name (`first.last`), and their user profile is that name with
 * `.` -> `-`.
 */

export type CallerArn =
  { kind: 'assumed-role'; account: string; role: string; session: string } | { kind: 'other'; arn: string };

/** `arn:aws:sts::123456789012:assumed-role/<role>/<session>`; roles may have a path in IAM, not here. */
const ASSUMED_ROLE = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

export function parseCallerArn(arn: string): CallerArn {
  const m = ASSUMED_ROLE.exec(arn);
  if (m?.[1] && m[2] && m[3]) return { kind: 'assumed-role', account: m[1], role: m[2], session: m[3] };
  return { kind: 'other', arn };
}

/** The user profile name for a caller ARN, or a UserError saying to pass --user. */
export function userProfileFromArn(arn: string): string {
  const caller = parseCallerArn(arn);
  if (caller.kind === 'assumed-role') return profileNameFor(caller.session);
  throw new UserError(
    `cannot tell your Studio user profile: you are signed in as ${arn}, not as an assumed role ` +
      `named after you; pass --user <profile name>, or use the sagemaker profile (role_arn + source_profile)`,
    EXIT.usage,
  );
}

export async function callerArn(sts: STSClient): Promise<string> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Arn) throw new UserError('STS GetCallerIdentity returned no ARN');
  return out.Arn;
}

/** `--user` when given (no AWS call), else from the caller's assumed-role session name. */
export async function resolveUserProfileName(sts: STSClient, user?: string): Promise<string> {
  if (user) return user;
  return userProfileFromArn(await callerArn(sts));
}
