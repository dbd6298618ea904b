import type { EmulatorConfig } from './config';
import { sshSnapshot, type SshSnapshot } from './ssm/ssh-snapshot';
import type { EmulatorState } from './state';
import { appStatus, type AppStatus } from './studio/app-status';

/** The emulator's state as plain JSON, for tests and `GET /_emulator/state`. Times are ISO 8601. */
export interface EmulatorSnapshot {
  at: string;
  accountId: string;
  region: string;
  bastionInstanceId: string | null;
  domains: DomainSnapshot[];
  commands: CommandSnapshot[];
  /** SSH into the local Studio: login user, containers, activations, instances, sessions. */
  ssh: SshSnapshot;
}

export interface DomainSnapshot {
  id: string;
  name: string;
  arn: string;
  tags: Record<string, string>;
  userProfiles: {
    name: string;
    uid: number;
    executionRole: string;
    arn: string;
    tags: Record<string, string>;
  }[];
  spaces: {
    name: string;
    uid: number;
    owner: string | null;
    sharing: 'Private' | 'Shared';
    appType: string | null;
    /** The space's setting; each app says whether it started with it (AppSnapshot.remoteAccess). */
    remoteAccess: boolean;
    tags: Record<string, string>;
  }[];
  apps: AppSnapshot[];
}

export interface AppSnapshot {
  owner: { kind: 'user' | 'space'; name: string };
  appType: string;
  appName: string;
  status: AppStatus;
  instanceType: string | null;
  createdAt: string;
  arn: string;
  /** Whether the app started with its space's RemoteAccess ENABLED (it keeps that until restarted). */
  remoteAccess: boolean;
}

export interface CommandSnapshot {
  commandId: string;
  documentName: string;
  commands: string[];
  requestedAt: string;
  invocations: { instanceId: string; status: string; responseCode: number; stdout: string; stderr: string }[];
}

export function takeSnapshot(state: EmulatorState, config: EmulatorConfig, now: number): EmulatorSnapshot {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const tags = (map: Map<string, string>): Record<string, string> => Object.fromEntries(map);
  return {
    at: iso(now),
    accountId: config.accountId,
    region: config.region,
    bastionInstanceId: config.bastionInstanceId ?? null,
    domains: [...state.studio.domains.values()].map((d) => ({
      id: d.id,
      name: d.name,
      arn: d.arn,
      tags: tags(d.tags),
      userProfiles: [...d.profiles.values()].map((p) => ({
        name: p.name,
        uid: p.uid,
        executionRole: p.executionRole,
        arn: p.arn,
        tags: tags(p.tags),
      })),
      spaces: [...d.spaces.values()].map((s) => ({
        name: s.name,
        uid: s.uid,
        owner: s.owner ?? null,
        sharing: s.sharing,
        appType: typeof s.settings['AppType'] === 'string' ? s.settings['AppType'] : null,
        remoteAccess: s.settings['RemoteAccess'] === 'ENABLED',
        tags: tags(s.tags),
      })),
      apps: [...d.apps.values()]
        .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
        .map((a) => ({
          owner: { ...a.owner },
          appType: a.type,
          appName: a.name,
          status: appStatus(a, now, config.deletingMs),
          instanceType:
            typeof a.resourceSpec['InstanceType'] === 'string' ? a.resourceSpec['InstanceType'] : null,
          createdAt: iso(a.createdAt),
          arn: a.arn,
          remoteAccess: a.remoteAccess,
        })),
    })),
    commands: [...state.commands.commands.values()].map((c) => ({
      commandId: c.id,
      documentName: c.documentName,
      commands: c.parameters['commands'] ?? [],
      requestedAt: iso(c.requestedAt),
      invocations: [...c.invocations.values()].map((i) => ({
        instanceId: i.instanceId,
        status: i.status,
        responseCode: i.responseCode,
        stdout: i.stdout,
        stderr: i.stderr,
      })),
    })),
    ssh: sshSnapshot(state.ssh, config),
  };
}
