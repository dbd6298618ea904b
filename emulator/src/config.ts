/** What every handler may read about the local account; fixed when the emulator starts. */
export interface EmulatorConfig {
  accountId: string;
  region: string;
  /** Stands for the bastion's disk; the EFS is mounted at `<sandboxDir>/mnt/efs`. */
  sandboxDir: string;
  efsMount: string;
  pendingMs: number;
  deletingMs: number;
  presignedUrlBase?: string;
  /** The one instance SSM commands run on; unset without a seed, so every SendCommand is refused. */
  bastionInstanceId?: string;
  /** moto: where handlers that need it (caller identity, SSM parameters) look things up. */
  upstreamUrl?: string;
  /** Where the sandbox containers' homes are (`<sandboxDir>/homes` unless the launcher keeps them elsewhere). */
  homesDir: string;
  /** `http://127.0.0.1:<port>`, set once the server listens; stream URLs point here. */
  url: string;
}

/** The account a seedless emulator pretends to be: the same as the demo seed's. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_TRANSITION_MS = 3000;
