import { invalid, notFound } from '../http/aws-error';

/** The Studio resources of the local account, in memory. Times are epoch milliseconds. */

export type Tags = Map<string, string>;

export interface Domain {
  id: string;
  name: string;
  arn: string;
  homeEfsFileSystemId: string;
  createdAt: number;
  modifiedAt: number;
  seq: number;
  tags: Tags;
  /** Keyed by lower-cased name: AWS treats profile names case-insensitively. */
  profiles: Map<string, UserProfile>;
  spaces: Map<string, Space>;
  /** Keyed by `appKey`; deleted apps stay, as AWS keeps listing them for a while. */
  apps: Map<string, App>;
  /** Next HomeEfsFileSystemUid: users and spaces share the domain's EFS and its uid range. */
  nextUid: number;
}

export interface UserProfile {
  domainId: string;
  name: string;
  arn: string;
  uid: number;
  executionRole: string;
  createdAt: number;
  modifiedAt: number;
  seq: number;
  tags: Tags;
}

export type SharingType = 'Private' | 'Shared';

export interface Space {
  domainId: string;
  name: string;
  arn: string;
  uid: number;
  owner?: string;
  sharing: SharingType;
  /** SpaceSettings as the caller gave them (the model's shape), merged by UpdateSpace. */
  settings: Record<string, unknown>;
  displayName?: string;
  createdAt: number;
  modifiedAt: number;
  seq: number;
  tags: Tags;
}

export type AppOwner = { kind: 'user' | 'space'; name: string };

export interface App {
  domainId: string;
  owner: AppOwner;
  type: string;
  name: string;
  arn: string;
  createdAt: number;
  /** When Pending turns into InService. Status is derived from these times when read, never stored. */
  readyAt: number;
  failed: boolean;
  deleteRequestedAt?: number;
  resourceSpec: Record<string, unknown>;
  seq: number;
  tags: Tags;
  /**
   * The space's RemoteAccess when the app was created: a running app keeps the setting it started
   * with, so enabling remote access takes a restart of the app, as in Studio.
   */
  remoteAccess: boolean;
}

export const appKey = (owner: AppOwner, type: string, name: string): string =>
  `${owner.kind}/${owner.name}/${type}/${name}`;

export class StudioStore {
  readonly domains = new Map<string, Domain>();
  private seq = 0;

  /** A creation counter: breaks ties between resources created in the same millisecond. */
  nextSeq(): number {
    return ++this.seq;
  }

  domain(id: string): Domain {
    const domain = this.domains.get(id);
    if (!domain) throw notFound(`Domain "${id}" does not exist`);
    return domain;
  }

  profile(domain: Domain, name: string): UserProfile {
    const profile = domain.profiles.get(name.toLowerCase());
    if (!profile) throw notFound(`User profile "${name}" does not exist in domain ${domain.id}`);
    return profile;
  }

  space(domain: Domain, name: string): Space {
    const space = domain.spaces.get(name);
    if (!space) throw notFound(`Space "${name}" does not exist in domain ${domain.id}`);
    return space;
  }

  /** The owner named by exactly one of UserProfileName / SpaceName, which must exist. */
  owner(domain: Domain, userProfileName: unknown, spaceName: unknown): AppOwner {
    const user = typeof userProfileName === 'string' ? userProfileName : undefined;
    const space = typeof spaceName === 'string' ? spaceName : undefined;
    if ((user === undefined) === (space === undefined))
      throw invalid('Exactly one of UserProfileName and SpaceName must be specified');
    if (user !== undefined) return { kind: 'user', name: this.profile(domain, user).name };
    return { kind: 'space', name: this.space(domain, space as string).name };
  }

  allApps(): App[] {
    return [...this.domains.values()].flatMap((d) => [...d.apps.values()]);
  }
}
