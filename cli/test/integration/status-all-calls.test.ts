import { startTestStudio, type TestStudio, loadSeed } from '@studio-teams/emulator';
import { parseWith, type Seed, StatusAllReport } from '@studio-teams/schema';
import { runCli } from '../helpers/run-cli';

/**
 * `status-all` costs one paged pass per kind of resource, not calls per user: for U users, S spaces
 * and A apps, ceil(U/100)+ceil(S/100)+ceil(A/100) list calls, plus ListDomains, ListTags (where the
 * usage report is) and one S3 GetObject (the report).
 */

const U = 250;
const S = 120;
const A = 450;

function bigSeed(): Seed {
  const base = loadSeed();
  const types = ['ml.t3.medium', 'ml.m5.large', 'ml.g4dn.xlarge', 'ml.c5.xlarge'];
  const users = Array.from({ length: U }, (_, i) => ({ person: `user.${i}` }));
  const profile = (i: number) => users[i % U]!.person.replace(/\./g, '-');
  const domain = base.domains[0]!;
  return {
    ...base,
    // Another caller than the other test files: they share one moto, where each caller is an IAM role.
    caller: 'user.0',
    domains: [
      {
        ...domain,
        users,
        spaces: Array.from({ length: S }, (_, i) => ({
          name: `space-${i}`,
          owner: profile(i),
          sharing: 'Shared' as const,
        })),
        apps: Array.from({ length: A }, (_, i) =>
          i % 3 === 0
            ? {
                space: `space-${i % S}`,
                type: 'JupyterLab' as const,
                name: `lab-${i}`,
                instanceType: types[i % 4]!,
                ageHours: i % 90,
              }
            : {
                user: profile(i),
                type: 'KernelGateway' as const,
                instanceType: types[i % 4]!,
                ageHours: i % 150,
              },
        ),
      },
    ],
  };
}

let studio: TestStudio;
beforeAll(async () => {
  studio = await startTestStudio({ seed: bigSeed() });
});
afterAll(() => studio?.close());

it(`reads ${U} users, ${S} spaces and ${A} apps in ceil(U/100)+ceil(S/100)+ceil(A/100)+2 calls`, async () => {
  studio.emulator.resetCalls();
  const r = await runCli(['status-all', '--json'], { env: studio.env });
  expect(r.code).toBe(0);
  const report = parseWith(StatusAllReport, JSON.parse(r.stdout), 'status-all --json');
  expect(report.users).toHaveLength(U);
  expect(report.spaces).toHaveLength(S);
  expect([...report.users, ...report.spaces].flatMap((o) => o.apps)).toHaveLength(A);

  const calls = studio.emulator.calls();
  const pages = Math.ceil(U / 100) + Math.ceil(S / 100) + Math.ceil(A / 100);
  expect(calls).toEqual({
    'SageMaker.ListDomains': 1,
    'SageMaker.ListUserProfiles': Math.ceil(U / 100),
    'SageMaker.ListSpaces': Math.ceil(S / 100),
    'SageMaker.ListApps': Math.ceil(A / 100),
    'forward:s3': 1,
  });
  expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(pages + 2);
});
