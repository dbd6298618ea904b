import type { EmulatorConfig } from '../config';
import type { DataChannelSettings } from './data-channel-settings';
import type { SshState } from './ssh-state';

/**
 * SSH into the local Studio as plain JSON (`GET /_emulator/ssh`, and `ssh` in `/_emulator/state`):
 * the login user the laptop must use, the containers with their sshd and authorised keys, the
 * activations (never their codes), managed instances and sessions (never their tokens).
 */
export interface SshSnapshot {
  /** Who sessions log in as here; `sagemaker-user` in Studio. */
  loginUser: string;
  homesDir: string;
  dataChannel: DataChannelSettings;
  containers: {
    name: string;
    kind: 'space' | 'managed-instance';
    /** The space ARN or the `mi-…` id. */
    target: string;
    owner: string | null;
    home: string;
    sshd: { port: number; pid: number } | null;
    keysParameter: string | null;
    authorizedKeys: { fingerprint: string; type: string; comment: string }[];
    refusedKeys: { line: number; reason: string }[];
    keysProblem: string | null;
  }[];
  activations: {
    activationId: string;
    iamRole: string;
    defaultInstanceName: string | null;
    registrationLimit: number;
    registrationsCount: number;
    expiresAt: string;
    tags: Record<string, string>;
  }[];
  managedInstances: {
    instanceId: string;
    activationId: string;
    name: string;
    container: string;
    pingStatus: 'Online' | 'ConnectionLost';
    tags: Record<string, string>;
  }[];
  sessions: {
    sessionId: string;
    via: 'sagemaker' | 'ssm';
    target: string;
    owner: string;
    status: string;
    container: string;
    startedAt: string;
    endedAt: string | null;
    details: string | null;
    /** Frames the fault injection passed, dropped and duplicated; null without faults. */
    chaos: { passed: number; dropped: number; duplicated: number } | null;
  }[];
}

export function sshSnapshot(ssh: SshState, config: EmulatorConfig): SshSnapshot {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    loginUser: ssh.containers.user,
    homesDir: config.homesDir,
    dataChannel: { ...ssh.dataChannel },
    containers: ssh.containers.list().map((c) => ({
      name: c.name,
      kind: c.backing.kind,
      target: c.backing.kind === 'space' ? c.backing.spaceArn : c.backing.instanceId,
      owner: c.owner ?? null,
      home: c.paths.home,
      sshd: c.running ? { port: c.running.port, pid: c.running.pid } : null,
      keysParameter: c.keys?.parameter ?? null,
      authorizedKeys: c.keys?.authorized ?? [],
      refusedKeys: c.keys?.refused ?? [],
      keysProblem: c.keys?.problem ?? null,
    })),
    activations: [...ssh.activations.values()].map((a) => ({
      activationId: a.id,
      iamRole: a.iamRole,
      defaultInstanceName: a.defaultInstanceName ?? null,
      registrationLimit: a.registrationLimit,
      registrationsCount: a.registrationsCount,
      expiresAt: iso(a.expiresAt),
      tags: Object.fromEntries(a.tags),
    })),
    managedInstances: [...ssh.instances.values()].map((i) => ({
      instanceId: i.id,
      activationId: i.activationId,
      name: i.name,
      container: i.container,
      pingStatus: i.online ? 'Online' : 'ConnectionLost',
      tags: Object.fromEntries(i.tags),
    })),
    sessions: [...ssh.sessions.values()].map((s) => ({
      sessionId: s.id,
      via: s.via,
      target: s.target,
      owner: s.owner,
      status: s.status,
      container: s.container.name,
      startedAt: iso(s.startedAt),
      endedAt: s.endedAt !== undefined ? iso(s.endedAt) : null,
      details: s.details ?? null,
      chaos: s.chaos ? { ...s.chaos } : null,
    })),
  };
}
