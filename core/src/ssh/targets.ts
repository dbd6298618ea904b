/**
 * What `sm-ssh` connects to, and the names people type for it: `sm-<space>` for a new-Studio space
 * (reached through SageMaker's StartSession) and `sm-<name>` for an activated container, an SSM
 * managed instance found by its tags (reached through SSM's StartSession with AWS-StartSSHSession).
 * Nobody types `mi-…` ids, though `sm-mi-…` works for a registration whose name clashes.
 */

/** Every host name in the ssh config block starts with this, so `Host sm-*` covers them all. */
export const HOST_PREFIX = 'sm-';

/** App states in which a space has an instance (the same words ListApps uses), or `Stopped`. */
export type SpaceAppStatus = 'InService' | 'Pending' | 'Deleting' | 'Failed' | 'Stopped';

export interface SpaceTarget {
  kind: 'space';
  /** What follows `sm-`: the space name. */
  name: string;
  host: string;
  spaceName: string;
  /** JupyterLab or CodeEditor; undefined for a classic space, which has no remote access. */
  appType: string | undefined;
  /** The space's app, or Stopped when it has none running. */
  appStatus: SpaceAppStatus;
  appName: string | undefined;
  instanceType: string | undefined;
  remoteAccess: boolean;
  owner: string | undefined;
}

export interface InstanceTarget {
  kind: 'instance';
  name: string;
  host: string;
  instanceId: string;
  /** Online, ConnectionLost or Inactive, as SSM says. */
  pingStatus: string;
  lastPingAt: string | undefined;
  /** Another registration with the same name is newer or online: this one is a leftover. */
  stale: boolean;
}

export type SshTarget = SpaceTarget | InstanceTarget;

export const hostFor = (name: string): string => `${HOST_PREFIX}${name}`;

/**
 * The target name in what ssh passed us (`%n`, the host as typed) or what the user typed after
 * `connect`: `sm-x` and `x` both mean x.
 */
export function targetNameOf(hostOrName: string): string {
  return hostOrName.startsWith(HOST_PREFIX) ? hostOrName.slice(HOST_PREFIX.length) : hostOrName;
}

/** A managed instance id as SSM gives them (`mi-` for activated machines, `i-` for EC2). */
export const INSTANCE_ID = /^(mi-[0-9a-f]{17}|i-[0-9a-f]{8}(?:[0-9a-f]{9})?)$/;

/**
 * Characters that are safe in an ssh config `Host` line and in a shell word: an instance whose
 * registered name has anything else is listed under its id.
 */
const SAFE_HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
export const isSafeTargetName = (name: string): boolean => SAFE_HOST_NAME.test(name);

/**
 * The name ssh stores a target's host key under. Including the domain keeps a space's key apart from
 * a same-named space in another domain, account or region (the local Studio and AWS, say): each one
 * is accepted once and then pinned, without "REMOTE HOST IDENTIFICATION HAS CHANGED" when switching.
 */
export function hostKeyAliasFor(name: string, domainId: string): string {
  return `${hostFor(name)}.${domainId}`;
}

export function describeTargetStatus(t: SshTarget): string {
  if (t.kind === 'instance') return t.stale ? `${t.pingStatus} (stale registration)` : t.pingStatus;
  return t.appStatus;
}

/** JupyterLab and Code Editor spaces can be reached; classic (JupyterServer) spaces never. */
export const hasRemoteAccessApp = (t: SpaceTarget): boolean =>
  t.appType === 'JupyterLab' || t.appType === 'CodeEditor';

/** True when a connection could start now, without starting an app or changing a setting. */
export function isReachable(t: SshTarget): boolean {
  if (t.kind === 'instance') return t.pingStatus === 'Online';
  return t.remoteAccess && t.appStatus === 'InService';
}
