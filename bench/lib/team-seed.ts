import type { Seed, SeedApp } from '@studio-teams/schema';

/**
 * A large, deterministic team for benchmarks: `users` people, `spaces` shared spaces and `apps` apps
 * spread over them (a JupyterServer per user first, then KernelGateway apps of mixed types and ages).
 */
export function teamSeed(users: number, spaces: number, apps: number): Seed {
  const people = Array.from({ length: users }, (_, i) => ({ person: `user${i}.bench` }));
  const profile = (i: number) => `user${i % users}-bench`;
  const types = ['ml.t3.medium', 'ml.m5.large', 'ml.g4dn.xlarge', 'ml.c5.xlarge', 'ml.g5.2xlarge'];
  const seedApps: SeedApp[] = [];
  for (let i = 0; i < apps; i++) {
    const onSpace = spaces > 0 && i % 10 === 9;
    seedApps.push({
      ...(onSpace ? { space: `space${i % spaces}` } : { user: profile(i) }),
      type: onSpace ? 'JupyterLab' : i < users ? 'JupyterServer' : 'KernelGateway',
      ...(onSpace ? { name: `default-${i}` } : {}),
      instanceType: !onSpace && i < users ? 'system' : (types[i % types.length] as string),
      ageHours: (i * 7) % 200,
    });
  }
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    caller: 'user0.bench',
    bastionInstanceId: 'i-0b4571011ba57e0a1',
    domains: [
      {
        name: 'datascience',
        users: people,
        spaces: Array.from({ length: spaces }, (_, i) => ({
          name: `space${i}`,
          owner: profile(i),
          sharing: 'Shared' as const,
        })),
        apps: seedApps,
        // A realistic status-all reads the bastion's report too (one S3 GetObject).
        usageReport: {
          generatedHoursAgo: 3,
          profiles: Object.fromEntries(people.map((_, i) => [profile(i), (i + 1) * 1_048_576])),
          spaces: Object.fromEntries(
            Array.from({ length: spaces }, (_, i) => [`space${i}`, (i + 1) * 10_485_760]),
          ),
        },
      },
    ],
  };
}
