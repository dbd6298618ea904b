import type { EnvironmentStatus, KernelEnvironment } from '@studio-teams/schema';

/** Words for the Kernels section, kept apart from the widget. */

export const STATUS_LABELS: Record<EnvironmentStatus, string> = {
  registered: 'Registered',
  ready: 'Not registered',
  'needs-ipykernel': 'Needs ipykernel',
  broken: 'Python missing',
};

export const STATUS_HINTS: Record<EnvironmentStatus, string> = {
  registered: 'The launcher and the kernel picker offer it.',
  ready: 'Register it to use it from notebooks.',
  'needs-ipykernel': 'Install ipykernel into it, then register it.',
  broken: 'Its python is gone (was its base Python removed?): recreate the environment.',
};

export function environmentDetails(env: KernelEnvironment): string {
  return `${env.kind} · Python ${env.pythonVersion ?? 'unknown'}`;
}

/** The sidecar's paths for one kernel: a kernel name is a plain path segment (no `/`). */
export const specPath = (name: string): string => `kernels/specs/${encodeURIComponent(name)}`;
export const jobPath = (id: string): string => `kernels/ipykernel/${encodeURIComponent(id)}`;
