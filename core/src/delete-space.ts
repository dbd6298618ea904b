import { stopApps, type StopProgress } from './apps';
import { removeEfsFolder } from './bastion';
import type { StudioContext } from './context';
import { bastionInstanceId } from './domain';
import { describeAwsError, UserError } from './errors';
import { deleteSpace, describeSpace } from './spaces';
import type { PollOptions } from './wait';

export type DeleteProgress =
  | { step: 'stopping-apps'; detail: StopProgress }
  | { step: 'deleting-space' }
  | { step: 'removing-folder'; uid: string; bastion: string };

export interface DeleteSpaceOptions extends PollOptions {
  onProgress?: (p: DeleteProgress) => void;
}

export interface DeleteSpaceResult {
  appsStopped: number;
  /** What happened to the space's EFS folder; `left` says why it is still there. */
  efsFolder: { removed: true; uid: string } | { removed: false; uid: string | null; reason: string };
}

/**
 * `delete --space`: stops every app of the space and waits until they are Deleted (AWS refuses to
 * delete a space with live apps), deletes the space, then removes its EFS folder through the bastion
 * named by the domain tag. The folder is removed last so a failure earlier never loses the data of
 * a space that still exists.
 */
export async function deleteSpaceAndFolder(
  ctx: StudioContext,
  spaceName: string,
  opts: DeleteSpaceOptions = {},
): Promise<DeleteSpaceResult> {
  const { sagemaker, ssm } = ctx.clients;
  const space = await describeSpace(sagemaker, ctx.domain.id, spaceName);
  if (!space) throw new UserError(`no space named ${spaceName} in domain ${ctx.domain.name}`);
  const uid = space.HomeEfsFileSystemUid ?? null;

  const stopped = await stopApps(
    sagemaker,
    ctx.domain.id,
    { kind: 'space', name: spaceName },
    {
      ...opts,
      includeJupyterServer: true,
      waitUntilDeleted: true,
      onProgress: (detail) => opts.onProgress?.({ step: 'stopping-apps', detail }),
    },
  );
  if (stopped.failed.length > 0) {
    const first = stopped.failed[0];
    throw new UserError(
      `could not stop ${stopped.failed.length} app(s) of space ${spaceName}, so it was not deleted` +
        (first
          ? ` (${first.app.AppType} ${first.app.AppName}: ${describeAwsError(first.error).message})`
          : ''),
    );
  }

  opts.onProgress?.({ step: 'deleting-space' });
  await deleteSpace(sagemaker, ctx.domain.id, spaceName, opts);

  if (!uid) {
    return {
      appsStopped: stopped.stopped.length,
      efsFolder: { removed: false, uid, reason: 'SageMaker did not report the space’s EFS uid' },
    };
  }
  const bastion = bastionInstanceId(await ctx.tags());
  if (!bastion) {
    return {
      appsStopped: stopped.stopped.length,
      efsFolder: {
        removed: false,
        uid,
        reason: `the domain has no studio-teams:bastion-instance-id tag, so no machine to remove it from`,
      },
    };
  }
  opts.onProgress?.({ step: 'removing-folder', uid, bastion });
  await removeEfsFolder(ssm, bastion, uid, opts);
  return { appsStopped: stopped.stopped.length, efsFolder: { removed: true, uid } };
}
