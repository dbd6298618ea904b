import { kernels } from '@studio-teams/core';
import { conflict, notFound, SidecarError } from '../../../errors';

/** core's refusals as answers: each a 4xx whose message the panel shows as is. */
export function kernelsFailure(error: unknown): SidecarError | undefined {
  if (error instanceof SidecarError) return error;
  if (error instanceof kernels.KernelNameError) return new SidecarError(400, error.message);
  if (error instanceof kernels.KernelNotFoundError || error instanceof kernels.EnvironmentNotFoundError)
    return notFound(error.message);
  if (
    error instanceof kernels.KernelExistsError ||
    error instanceof kernels.NotManagedError ||
    error instanceof kernels.EnvironmentBrokenError ||
    error instanceof kernels.NoIpykernelError ||
    error instanceof kernels.InstallFailedError
  )
    return conflict(error.message);
  return undefined;
}

/** Runs `work`, turning core's refusals into answers. */
export async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw kernelsFailure(error) ?? error;
  }
}
