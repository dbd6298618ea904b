import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { BASTION_EFS_MOUNT } from '@studio-teams/schema';
import { UserError } from './errors';
import { pollUntil, type PollOptions } from './wait';

/**
 * Shell commands on the bastion, the one machine that mounts every user's and space's EFS folder.
 * They go through SSM (no SSH, no open port): SendCommand with AWS-RunShellScript, then
 * GetCommandInvocation until the command finishes.
 */

export interface ShellResult {
  commandId: string;
  status: string;
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

const RUNNING = new Set(['Pending', 'InProgress', 'Delayed']);

export interface RunOptions extends PollOptions {
  comment?: string;
}

export async function runOnBastion(
  ssm: SSMClient,
  instanceId: string,
  commands: string[],
  opts: RunOptions = { timeoutMs: 5 * 60_000 },
): Promise<ShellResult> {
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands },
      ...(opts.comment ? { Comment: opts.comment.slice(0, 100) } : {}),
    }),
  );
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new UserError('SSM SendCommand returned no command id');
  return pollUntil(
    `the command on the bastion ${instanceId}`,
    async () => {
      let out;
      try {
        out = await ssm.send(
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
        );
      } catch (err) {
        // Right after SendCommand the invocation may not be visible yet.
        if ((err as { name?: string }).name === 'InvocationDoesNotExist') return undefined;
        throw err;
      }
      const status = out.Status ?? 'Pending';
      if (RUNNING.has(status)) return undefined;
      return {
        commandId,
        status,
        stdout: out.StandardOutputContent ?? '',
        stderr: out.StandardErrorContent ?? '',
        exitCode: out.ResponseCode,
      };
    },
    { timeoutMs: 5 * 60_000, ...opts },
  );
}

/** EFS uids are numbers (`HomeEfsFileSystemUid`); anything else must never reach a shell. */
export function checkEfsUid(uid: string): string {
  if (!/^[0-9]{1,10}$/.test(uid))
    throw new UserError(`refusing to touch EFS folder "${uid}": an EFS uid is digits only`);
  return uid;
}

/**
 * Removes one home folder. The mount point is `$EFS_MOUNT` when set (the local Studio points it at a
 * sandbox), `/mnt/efs` on the real bastion.
 */
export function efsCleanupScript(uid: string): string[] {
  const dir = `"\${EFS_MOUNT:-${BASTION_EFS_MOUNT}}/${checkEfsUid(uid)}"`;
  return [
    'set -eu',
    `dir=${dir}`,
    'if [ -d "$dir" ]; then rm -rf -- "$dir"; echo "removed $dir"; else echo "already gone: $dir"; fi',
  ];
}

export async function removeEfsFolder(
  ssm: SSMClient,
  instanceId: string,
  uid: string,
  opts: RunOptions = {},
): Promise<ShellResult> {
  const result = await runOnBastion(ssm, instanceId, efsCleanupScript(uid), {
    comment: `sm-studio: remove EFS folder ${uid}`,
    ...opts,
  });
  if (result.status !== 'Success') {
    const why = (result.stderr || result.stdout).trim().split('\n').pop() ?? '';
    throw new UserError(
      `the bastion ${instanceId} could not remove EFS folder ${uid} (${result.status}${why ? `: ${why}` : ''})`,
    );
  }
  return result;
}
