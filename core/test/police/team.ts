import type { Seed, SeedApp } from '@studio-teams/schema';

/**
 * The police's test team: `users` people, `spaces` spaces and 2 x users apps of mixed ages and types.
 * Ages stay far from the limits (t3: 120 h, others: 24 h), so a test taking a minute changes nothing.
 * `expected*` are worked out here from the seed alone, by the rule as the README states it, not by
 * the code under test.
 */
export const AGES = [2, 20, 30, 100, 130, 200];
export const KG_TYPES = ['ml.t3.medium', 'ml.m5.large', 'ml.g4dn.xlarge', 'ml.t3.large', 'ml.c5.xlarge'];
const SPACE_TYPES = ['ml.t3.medium', 'ml.g5.xlarge', 'ml.m5.large'];

export const profileOf = (i: number): string => `p${i}-police`;

export interface PoliceTeam {
  seed: Seed;
  /** Profiles with at least one long-running app, and how many. */
  expectedUsers: Map<string, number>;
  /** Spaces with at least one long-running app. */
  expectedSpaces: Set<string>;
  longRunningApps: number;
}

const isOver = (app: SeedApp): boolean => {
  if ((app.status ?? 'InService') !== 'InService' || app.instanceType === 'system') return false;
  const family = app.instanceType.split('.')[1];
  return app.ageHours > (family === 't3' ? 120 : 24);
};

export function policeTeam(users: number, spaces: number, apps: number): PoliceTeam {
  const seedApps: SeedApp[] = [];
  // Everyone's JupyterServer: free, never long-running, however old.
  for (let i = 0; i < users; i++) {
    seedApps.push({
      user: profileOf(i),
      type: 'JupyterServer',
      instanceType: 'system',
      ageHours: (i * 13) % 300,
    });
  }
  const spaceApps = Math.min(spaces * 2, Math.max(0, apps - users));
  const kernelApps = Math.max(0, apps - users - spaceApps);
  // KernelGateway apps over 60% of the users, some with two; every 25th Failed (never counted).
  const owners = Math.max(1, Math.floor(users * 0.6));
  for (let k = 0; k < kernelApps; k++) {
    seedApps.push({
      user: profileOf((k * 7) % owners),
      type: 'KernelGateway',
      instanceType: KG_TYPES[k % KG_TYPES.length] as string,
      ageHours: AGES[(k * 5) % AGES.length] as number,
      ...(k % 25 === 24 ? { status: 'Failed' as const } : {}),
    });
  }
  for (let j = 0; j < spaceApps; j++) {
    seedApps.push({
      space: `space${j % spaces}`,
      type: 'JupyterLab',
      name: `lab-${j}`,
      instanceType: SPACE_TYPES[j % SPACE_TYPES.length] as string,
      ageHours: AGES[(j * 7) % AGES.length] as number,
    });
  }
  const expectedUsers = new Map<string, number>();
  const expectedSpaces = new Set<string>();
  let longRunningApps = 0;
  for (const app of seedApps.filter(isOver)) {
    longRunningApps += 1;
    if (app.user) expectedUsers.set(app.user, (expectedUsers.get(app.user) ?? 0) + 1);
    if (app.space) expectedSpaces.add(app.space);
  }
  return {
    seed: {
      accountId: '123456789012',
      region: 'us-east-1',
      caller: 'p0.police',
      bastionInstanceId: 'i-0b4571011ba57e0a1',
      domains: [
        {
          name: 'datascience',
          users: Array.from({ length: users }, (_, i) => ({ person: `p${i}.police` })),
          spaces: Array.from({ length: spaces }, (_, i) => ({
            name: `space${i}`,
            owner: profileOf(i),
            sharing: 'Shared' as const,
          })),
          apps: seedApps,
        },
      ],
    },
    expectedUsers,
    expectedSpaces,
    longRunningApps,
  };
}
