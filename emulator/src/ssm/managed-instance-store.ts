import type { Tags } from '../studio/store';

/** Hybrid activations and the managed instances ("mi-…") registered with them. Times in epoch ms. */

export interface Activation {
  id: string;
  /** The secret half: only CreateActivation's answer and the agent's registration ever carry it. */
  code: string;
  description?: string;
  defaultInstanceName?: string;
  iamRole: string;
  registrationLimit: number;
  registrationsCount: number;
  expiresAt: number;
  createdAt: number;
  /** Copied onto every instance that registers with the activation, as SSM does. */
  tags: Tags;
  seq: number;
}

export interface ManagedInstance {
  id: string;
  activationId: string;
  iamRole: string;
  name: string;
  /** The sandbox container standing for the machine: its home is `<homesDir>/<container>`. */
  container: string;
  registeredAt: number;
  /** False once the agent stopped (PingStatus ConnectionLost); when it last answered. */
  online: boolean;
  lastPingAt: number;
  computerName: string;
  ipAddress: string;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  tags: Tags;
  seq: number;
}

/** The tag naming the user profile a managed instance belongs to: sessions to it are that user's only. */
export const OWNER_TAG = 'owner';

/** SSM's limit of tags per resource. */
export const MAX_TAGS = 50;
