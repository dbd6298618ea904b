/**
 * The team config: every mistake named by its field, before any construct is made, and the synth of a
 * config file with one error stops with that message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseTeamConfig, parseTeamConfigText, TeamConfigError } from '@studio-teams/schema';
import { stringify } from 'yaml';
import { synthFromConfigFile } from '../src/app';
import { loadTeamConfig } from '../src/config';
import { REPO_ROOT } from '../src/repo-root';
import { BASE_CONFIG, tempDir } from './synth';

const problemsOf = (value: unknown): string[] => {
  try {
    parseTeamConfig(value, 'team.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(TeamConfigError);
    return [...(err as TeamConfigError).problems];
  }
  throw new Error('the config was accepted');
};

const withUsers = (users: unknown[]) => ({ ...structuredClone(BASE_CONFIG), users });

test('the example config is valid and gets every default', () => {
  const cfg = loadTeamConfig(path.join(REPO_ROOT, 'infra', 'team.example.yaml'));
  expect(cfg.users.map((u) => u.isAdmin)).toEqual([true, false]);
  expect(cfg.police).toMatchObject({ schedule: 'rate(1 day)', cheapMaxHours: 120, otherMaxHours: 24 });
  const minimal = parseTeamConfig(structuredClone(BASE_CONFIG));
  expect(minimal).toMatchObject({
    homeRetention: 'Delete',
    studioFlavour: 'both',
    idleShutdownMinutes: 120,
    dockerAccess: true,
    remoteAccess: { enabled: true, classicSsh: true },
    bastion: { enabled: true, instanceType: 't3.micro', volumeGiB: 120 },
    defaultInstanceTypes: { jupyterLab: 'ml.t3.medium', kernelGateway: 'ml.t3.medium' },
  });
});

test('a bad field is named the way it is written: users[3].email', () => {
  const users = [...BASE_CONFIG.users, { name: 'dan', email: 'dan-at-example.com' }];
  expect(problemsOf(withUsers(users))).toEqual(['users[3].email: must be an email']);
});

test('each kind of mistake says what is wrong and where', () => {
  const cfg = {
    ...structuredClone(BASE_CONFIG),
    account: '1234',
    homeRetention: 'Keep',
    police: { cheapMaxHours: 0, schedule: 'every day' },
    colour: 'blue',
  };
  const problems = problemsOf(cfg);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^account: "1234" does not have the expected form/),
      'homeRetention: must be one of "Delete", "Retain", got "Keep"',
      'police.cheapMaxHours: must be greater than 0, got 0',
      expect.stringMatching(/^police\.schedule: "every day" does not have the expected form/),
      'colour: is not a known setting (check its spelling)',
    ]),
  );
  expect(problemsOf({ ...structuredClone(BASE_CONFIG), vpc: { create: {}, existing: {} } })).toEqual([
    expect.stringMatching(/^vpc: must have exactly one of `create`/),
  ]);
  const { users: _omit, ...noUsers } = structuredClone(BASE_CONFIG);
  expect(problemsOf(noUsers)).toEqual(['users: is required']);
});

test('people who would share a profile, and a team without an admin, are refused', () => {
  const clash = [...BASE_CONFIG.users, { name: 'bob-builder', email: 'other.bob@example.com' }];
  expect(problemsOf(withUsers(clash))).toEqual([
    'users[3].name: "bob-builder" gives the same profile name "bob-builder" as users[1]',
  ]);
  expect(problemsOf(withUsers(BASE_CONFIG.users.map((u) => ({ ...u, isAdmin: false }))))).toEqual([
    'users: at least one user must have isAdmin: true (someone has to be able to stop any app)',
  ]);
  expect(
    problemsOf({
      ...structuredClone(BASE_CONFIG),
      vpc: {
        existing: {
          vpcId: 'vpc-0123456789abcdef0',
          privateSubnetIds: ['subnet-0123456789abcdef0'],
          availabilityZones: [],
        },
      },
    }),
  ).toEqual([expect.stringMatching(/^vpc\.existing\.availabilityZones: /)]);
});

test('YAML syntax errors and missing files are one clear line too', () => {
  expect(() => parseTeamConfigText('users: [\n', 'team.yaml')).toThrow(
    /team.yaml is invalid:\n {2}not valid YAML or JSON: /,
  );
  expect(() => loadTeamConfig('/nonexistent/team.yaml')).toThrow(
    /\/nonexistent\/team.yaml is invalid:\n {2}no such file \(copy infra\/team.example.yaml/,
  );
});

test('synth of a config file with one error stops with a message naming the field', () => {
  const dir = tempDir('config');
  const file = path.join(dir, 'team.yaml');
  const users = [...BASE_CONFIG.users, { name: 'dan', email: 'dan-at-example.com' }];
  fs.writeFileSync(file, stringify({ ...structuredClone(BASE_CONFIG), users }));
  const outdir = path.join(dir, 'cdk.out');
  expect(() => synthFromConfigFile(file, { outdir })).toThrow(
    `${file} is invalid:\n  users[3].email: must be an email`,
  );
  // Nothing half-made: no template was written.
  expect(
    fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')) : [],
  ).toEqual([]);
});
