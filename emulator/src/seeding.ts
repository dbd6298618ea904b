import { profileNameFor, type Seed, type SeedApp, type SeedDomain } from '@studio-teams/schema';
import { createHome } from './efs';
import type { RequestContext } from './services/service';
import { addApp, resolveInstanceType } from './studio/apps';
import { addSpace } from './studio/spaces';
import { setDockerSettings } from './studio/docker-settings';
import {
  domainArn,
  domainIdFor,
  executionRoleFor,
  homeEfsFileSystemIdFor,
  kernelGatewayAppName,
  userProfileArn,
} from './studio/naming';
import type { AppOwner, Domain } from './studio/store';

/** Studio hands out HomeEfsFileSystemUids from here, one per user profile and space. */
export const FIRST_EFS_UID = 200001;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Builds the state a seed describes, as if it had been created over the past weeks: apps `ageHours`
 * before now, users and spaces before their apps. A seed that contradicts itself (unknown owner,
 * duplicate names) is an error naming the offending entry, never a partly loaded state.
 */
export function loadSeed(ctx: RequestContext, seed: Seed): void {
  const now = ctx.now();
  for (const [d, seedDomain] of seed.domains.entries()) {
    const id = domainIdFor(seedDomain.name);
    if (ctx.state.studio.domains.has(id))
      throw new Error(`seed: domain "${seedDomain.name}" is listed twice`);
    const oldestApp = Math.max(0, ...seedDomain.apps.map((a) => a.ageHours)) * HOUR;
    const domainCreated = now - oldestApp - 90 * DAY + d * HOUR;
    const domain: Domain = {
      id,
      name: seedDomain.name,
      arn: domainArn(ctx.config, id),
      homeEfsFileSystemId: homeEfsFileSystemIdFor(id),
      createdAt: domainCreated,
      modifiedAt: domainCreated,
      seq: ctx.state.studio.nextSeq(),
      tags: new Map(),
      profiles: new Map(),
      spaces: new Map(),
      apps: new Map(),
      nextUid: FIRST_EFS_UID,
    };
    ctx.state.studio.domains.set(id, domain);
    if (seedDomain.dockerAccess !== undefined)
      setDockerSettings(domain, { EnableDockerAccess: seedDomain.dockerAccess ? 'ENABLED' : 'DISABLED' });
    loadUsers(ctx, domain, seedDomain, domainCreated);
    loadSpaces(ctx, domain, seedDomain, domainCreated);
    seedDomain.apps.forEach((app, i) => loadApp(ctx, domain, app, i, now));
  }
}

function loadUsers(ctx: RequestContext, domain: Domain, seedDomain: SeedDomain, since: number): void {
  seedDomain.users.forEach((user, i) => {
    const name = profileNameFor(user.person);
    if (domain.profiles.has(name.toLowerCase()))
      throw new Error(`seed: domain "${domain.name}" has two users whose profile is "${name}"`);
    const createdAt = since + DAY + i * 60_000;
    const uid = domain.nextUid++;
    domain.profiles.set(name.toLowerCase(), {
      domainId: domain.id,
      name,
      arn: userProfileArn(ctx.config, domain.id, name),
      uid,
      executionRole: executionRoleFor(ctx.config, name),
      createdAt,
      modifiedAt: createdAt,
      seq: ctx.state.studio.nextSeq(),
      tags: new Map(),
    });
    createHome(ctx.config, uid, {
      file: 'README.md',
      text: `# ${user.person}\n\nHome of user profile ${name}.\n`,
    });
  });
}

function loadSpaces(ctx: RequestContext, domain: Domain, seedDomain: SeedDomain, since: number): void {
  seedDomain.spaces.forEach((seedSpace, i) => {
    const where = `seed: space "${seedSpace.name}" of domain "${domain.name}"`;
    const owner = domain.profiles.get(seedSpace.owner.toLowerCase());
    if (!owner) throw new Error(`${where} is owned by "${seedSpace.owner}", who is not one of its users`);
    if (domain.spaces.has(seedSpace.name)) throw new Error(`${where} is listed twice`);
    const types = new Set(
      seedDomain.apps.filter((a) => a.space === seedSpace.name).map((a) => a.type as string),
    );
    const fromApps = ['JupyterLab', 'CodeEditor'].find((t) => types.has(t));
    if (seedSpace.appType && fromApps && seedSpace.appType !== fromApps)
      throw new Error(`${where} says appType ${seedSpace.appType} but its app is a ${fromApps}`);
    const appType = seedSpace.appType ?? fromApps;
    if (seedSpace.remoteAccess && appType === undefined)
      throw new Error(`${where} has remoteAccess, which needs a JupyterLab or CodeEditor space: add appType`);
    const space = addSpace(ctx, domain, {
      name: seedSpace.name,
      sharing: seedSpace.sharing,
      settings: {
        ...(appType !== undefined ? { AppType: appType } : {}),
        ...(seedSpace.remoteAccess ? { RemoteAccess: 'ENABLED' } : {}),
      },
      owner: owner.name,
      tags: new Map(),
      createdAt: since + 2 * DAY + i * 60_000,
    });
    createHome(ctx.config, space.uid, {
      file: 'README.md',
      text: `# ${space.name}\n\nShared files of space ${space.name}.\n`,
    });
  });
}

function loadApp(ctx: RequestContext, domain: Domain, app: SeedApp, index: number, now: number): void {
  const where = `seed: app #${index + 1} of domain "${domain.name}"`;
  if ((app.user === undefined) === (app.space === undefined))
    throw new Error(`${where} must name exactly one of user and space`);
  let owner: AppOwner;
  if (app.user !== undefined) {
    const profile = domain.profiles.get(app.user.toLowerCase());
    if (!profile) throw new Error(`${where} belongs to user "${app.user}", who is not one of its users`);
    owner = { kind: 'user', name: profile.name };
  } else {
    if (!domain.spaces.has(app.space as string))
      throw new Error(`${where} belongs to space "${app.space}", which is not one of its spaces`);
    owner = { kind: 'space', name: app.space as string };
  }
  const instanceType =
    app.type === 'KernelGateway' && app.instanceType === 'system'
      ? resolveInstanceType(app.type, undefined)
      : app.instanceType;
  const name =
    app.name ??
    (app.type === 'KernelGateway'
      ? kernelGatewayAppName(instanceType, `${domain.id}/${owner.kind}/${owner.name}/${index}`)
      : 'default');
  const createdAt = now - app.ageHours * HOUR;
  try {
    addApp(ctx, domain, {
      owner,
      type: app.type,
      name,
      createdAt,
      // A seeded Pending app starts now, so it turns InService after the configured delay like a new one.
      readyAt: app.status === 'Pending' ? now + ctx.config.pendingMs : createdAt,
      failed: app.status === 'Failed',
      resourceSpec: { InstanceType: instanceType },
      tags: new Map(),
    });
  } catch {
    throw new Error(`${where} (${app.type} "${name}" of ${owner.kind} "${owner.name}") is listed twice`);
  }
}
