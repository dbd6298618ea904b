import fs from 'node:fs';
import path from 'node:path';
import { CreateAppCommand } from '@aws-sdk/client-sagemaker';
import { createClients } from '@studio-teams/core';
import { decodePresignedToken, startTestStudio, type TestStudio } from '@studio-teams/emulator';
import { parseWith, SpacesList, StatusAllReport, StatusReport } from '@studio-teams/schema';
import { runCli } from '../helpers/run-cli';

/**
 * Every sm-studio command against the local Studio over HTTP (emulator in front of moto), with the
 * real AWS SDK clients; the emulator's state is checked afterwards. One Studio for the file, so
 * tests run in order and later ones see what earlier ones did.
 */

let studio: TestStudio;
const sm = (argv: string[], extra: Parameters<typeof runCli>[1] extends infer O ? Partial<O> : never = {}) =>
  runCli(argv, { env: studio.env, ...extra });

const domain = () => {
  const d = studio.emulator.snapshot().domains.find((x) => x.name === 'datascience');
  if (!d) throw new Error('no datascience domain in the emulator');
  return d;
};
const appsOf = (kind: 'user' | 'space', name: string) =>
  domain().apps.filter((a) => a.owner.kind === kind && a.owner.name === name);
async function startApp(user: string, instanceType: 'ml.t3.large'): Promise<void> {
  const { sagemaker } = createClients({ env: studio.env }).clients;
  await sagemaker.send(
    new CreateAppCommand({
      DomainId: domain().id,
      UserProfileName: user,
      AppType: 'KernelGateway',
      AppName: `extra-${instanceType.replace(/\./g, '-')}`,
      ResourceSpec: { InstanceType: instanceType },
    }),
  );
  sagemaker.destroy();
}
const efsFolder = (uid: number) => path.join(studio.sandboxDir, 'mnt', 'efs', String(uid));

beforeAll(async () => {
  studio = await startTestStudio({ timing: { pendingMs: 300, deletingMs: 300 } });
});
afterAll(() => studio?.close());
afterEach(() => expect(studio.emulator.violations()).toEqual([]));

describe('status', () => {
  it('--json prints a StatusReport of the caller (jane.doe -> jane-doe) with cost and standing', async () => {
    const r = await sm(['status', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const report = parseWith(StatusReport, JSON.parse(r.stdout), 'status --json');
    expect(report.userProfileName).toBe('jane-doe');
    expect(report.domain).toMatchObject({ name: 'datascience', region: 'us-east-1' });
    const byType = Object.fromEntries(report.apps.map((a) => [a.instanceType, a]));
    expect(byType['ml.t3.medium']).toMatchObject({
      standing: 'over-limit',
      pricePerHour: 0.05,
      limitHours: 120,
    });
    expect(byType['ml.m5.xlarge']).toMatchObject({ standing: 'ok', pricePerHour: 0.23 });
    expect(byType['ml.t3.medium']?.uptimeSeconds).toBeGreaterThanOrEqual(144 * 3600 - 60);
    expect(report.apps.every((a) => a.owner.kind === 'user' && a.owner.name === 'jane-doe')).toBe(true);
  });

  it('prints a table with uptime, $/hour, cost so far and standing', async () => {
    const r = await sm(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jane-doe in datascience \(us-east-1\)\n/);
    expect(r.stdout).toMatch(
      /KernelGateway\s+\S+\s+ml\.t3\.medium\s+InService\s+6d 0h\s+\$0\.050\s+\$7\.20\s+OVER the 5-day limit/,
    );
    expect(r.stdout).toMatch(/Total: \$0\.280\/hour/);
  });

  it('--all adds the apps of the spaces the user owns', async () => {
    const r = await sm(['status', '--all', '--json']);
    const report = parseWith(StatusReport, JSON.parse(r.stdout), 'status --all --json');
    const spaces = new Set(report.apps.filter((a) => a.owner.kind === 'space').map((a) => a.owner.name));
    expect([...spaces]).toEqual(['team-forecasting']);
    const human = await sm(['status', '--all']);
    expect(human.stdout).toContain('space team-forecasting');
  });

  it("--space shows one space's apps", async () => {
    const r = await sm(['status', '--space', 'nlp-lab', '--json']);
    const report = parseWith(StatusReport, JSON.parse(r.stdout), 'status --space --json');
    expect(report.spaceName).toBe('nlp-lab');
    expect(report.apps.map((a) => [a.appType, a.instanceType])).toEqual([['CodeEditor', 'ml.g4dn.2xlarge']]);
  });
});

describe('status-all', () => {
  it('--json lists every user and space with EFS use from the S3 report, in few calls', async () => {
    studio.emulator.resetCalls();
    const r = await sm(['status-all', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const calls = Object.values(studio.emulator.calls()).reduce((a, b) => a + b, 0);
    const report = parseWith(StatusAllReport, JSON.parse(r.stdout), 'status-all --json');
    const seedDomain = studio.seed.domains[0]!;
    expect(report.users.map((u) => u.name).sort()).toEqual(
      seedDomain.users.map((u) => u.person.replace('.', '-')).sort(),
    );
    expect(report.spaces.map((s) => s.name).sort()).toEqual(seedDomain.spaces.map((s) => s.name).sort());
    expect(report.users.find((u) => u.name === 'lukas-muller')).toMatchObject({ efsBytes: 8192, apps: [] });
    const usage = seedDomain.usageReport!;
    const total = [...Object.values(usage.profiles), ...Object.values(usage.spaces)].reduce(
      (a, b) => a + b,
      0,
    );
    expect(report.efs.totalBytes).toBe(total);
    // ListDomains, ListUserProfiles, ListSpaces, ListApps, S3 GetObject: within the +2 budget.
    expect(calls).toBe(5);
  });

  it('prints total EFS use, then every user and space', async () => {
    const r = await sm(['status-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Total EFS use: 40 GiB \(report of \S+\)$/m);
    for (const name of ['jane-doe', 'lukas-muller', 'nlp-lab', 'priya-sandbox'])
      expect(r.stdout).toContain(name);
    expect(r.stdout).toMatch(/lukas-muller {2}EFS 8\.0 KiB {2}no running apps/);
  });
});

describe('spaces', () => {
  it('list --json prints a SpacesList', async () => {
    const r = await sm(['spaces', 'list', '--json']);
    const list = parseWith(SpacesList, JSON.parse(r.stdout), 'spaces list --json');
    expect(list.spaces.map((s) => s.name)).toEqual([
      'jane-lab',
      'nlp-lab',
      'priya-sandbox',
      'team-forecasting',
    ]);
    expect(list.spaces.find((s) => s.name === 'team-forecasting')?.ownerUserProfileName).toBe('jane-doe');
    const human = await sm(['spaces', 'list']);
    expect(human.stdout).toMatch(/^NAME\s+STATUS\s+OWNER\s+SHARING\s+CREATED\n/);
  });

  it('create makes a space owned by the caller, and refuses a second time', async () => {
    const r = await sm(['spaces', 'create', 'scratch-pad', '--sharing', 'private']);
    expect(r.code).toBe(0);
    expect(domain().spaces.find((s) => s.name === 'scratch-pad')).toMatchObject({
      owner: 'jane-doe',
      sharing: 'Private',
      appType: 'JupyterLab',
    });
    const again = await sm(['spaces', 'create', 'scratch-pad']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: space scratch-pad already exists in datascience\n');
  });

  it('delete removes the space and its EFS folder', async () => {
    const uid = domain().spaces.find((s) => s.name === 'scratch-pad')!.uid;
    expect(fs.existsSync(efsFolder(uid))).toBe(true);
    const r = await sm(['spaces', 'delete', 'scratch-pad', '--yes']);
    expect(r.code).toBe(0);
    expect(domain().spaces.map((s) => s.name)).not.toContain('scratch-pad');
    expect(fs.existsSync(efsFolder(uid))).toBe(false);
  });
});

describe('up', () => {
  it('prints a presigned URL for the new Studio and opens it', async () => {
    const r = await sm(['up']);
    expect(r.code).toBe(0);
    const url = r.stdout.trim();
    expect(r.opened).toEqual([url]);
    const claims = decodePresignedToken(new URL(url).searchParams.get('token')!);
    expect(claims).toMatchObject({
      userProfileName: 'jane-doe',
      landingUri: 'studio::',
      domainId: domain().id,
    });
  });

  it.each([
    ['jupyterserver', 'app:JupyterServer:'],
    ['jupyterlab', 'app:JupyterLab:'],
    ['codeeditor', 'app:CodeEditor:'],
  ])('--app %s lands on %s', async (app, landing) => {
    const r = await sm(['up', '--app', app, '--no-browser']);
    expect(r.opened).toEqual([]);
    expect(decodePresignedToken(new URL(r.stdout.trim()).searchParams.get('token')!).landingUri).toBe(
      landing,
    );
  });

  it('--space creates a missing space, and adds an OSC-8 hyperlink on a terminal', async () => {
    const r = await sm(['up', '--space', 'new-project', '--app', 'codeeditor'], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('created space new-project');
    expect(domain().spaces.find((s) => s.name === 'new-project')).toMatchObject({
      owner: 'jane-doe',
      appType: 'CodeEditor',
    });
    const [url, link] = r.stdout.split('\n');
    expect(link).toContain(`\x1b]8;;${url}\x1b\\Open space new-project\x1b]8;;\x1b\\`);
    expect(decodePresignedToken(new URL(url!).searchParams.get('token')!).spaceName).toBe('new-project');
    const again = await sm(['up', '--space', 'new-project', '--no-browser']);
    expect(again.stderr).not.toContain('created');
  });

  it('fails with one line for an unknown user profile', async () => {
    const r = await sm(['up', '--user', 'nobody', '--no-browser']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: not found \(sagemaker:CreatePresignedDomainUrl\): .*nobody.*\n$/);
  });
});

describe('down', () => {
  it('waits for Pending apps, then stops every running app but JupyterServer', async () => {
    // The seeded Pending app has started by now: start another, as Studio would for a new notebook.
    await startApp('wei-zhang', 'ml.t3.large');
    expect(appsOf('user', 'wei-zhang').map((a) => a.status)).toContain('Pending');
    const r = await sm(['down', '--user', 'wei-zhang']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/waiting for 1 app to finish starting: KernelGateway /);
    expect(r.stdout).toMatch(/^Stopped 3 apps: /);
    expect(r.stdout).toContain('Kept JupyterServer default; pass --include-jupyter to stop it too');
    const after = appsOf('user', 'wei-zhang');
    expect(after.filter((a) => a.appType === 'KernelGateway').map((a) => a.status)).toEqual([
      'Deleted',
      'Deleted',
      'Deleted',
    ]);
    expect(after.find((a) => a.appType === 'JupyterServer')?.status).toBe('InService');
  });

  it('--space --include-jupyter stops all apps of the space', async () => {
    const r = await sm(['down', '--space', 'team-forecasting', '--include-jupyter']);
    expect(r.code).toBe(0);
    expect(appsOf('space', 'team-forecasting').map((a) => a.status)).toEqual(['Deleted', 'Deleted']);
    const again = await sm(['down', '--space', 'team-forecasting']);
    expect(again.stdout).toBe('No running apps to stop\n');
  });

  it('--no-wait returns while the apps are still stopping', async () => {
    const r = await sm(['down', '--no-wait']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Asked to stop 2 apps/);
    const kg = appsOf('user', 'jane-doe').filter((a) => a.appType === 'KernelGateway');
    expect(kg.map((a) => a.status)).toEqual(['Deleting', 'Deleting']);
  });
});

describe('delete', () => {
  it('asks on a terminal and does nothing on "n"', async () => {
    const r = await sm(['delete', '--space', 'nlp-lab'], { isTTY: true, input: 'n\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Delete space nlp-lab in datascience, its apps, and all files in its EFS folder? [y/N]',
    );
    expect(domain().spaces.map((s) => s.name)).toContain('nlp-lab');
  });

  it('on "y" stops the apps, deletes the space and removes its folder through the bastion', async () => {
    const space = domain().spaces.find((s) => s.name === 'nlp-lab')!;
    const sibling = domain().spaces.find((s) => s.name === 'priya-sandbox')!;
    expect(fs.existsSync(efsFolder(space.uid))).toBe(true);
    const r = await sm(['delete', '--space', 'nlp-lab'], { isTTY: true, input: 'y\n' });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toBe(
      `Deleted space nlp-lab after stopping 1 app(s)\nRemoved its EFS folder ${space.uid}\n`,
    );
    expect(domain().spaces.map((s) => s.name)).not.toContain('nlp-lab');
    expect(appsOf('space', 'nlp-lab').every((a) => a.status === 'Deleted')).toBe(true);
    expect(fs.existsSync(efsFolder(space.uid))).toBe(false);
    expect(fs.existsSync(efsFolder(sibling.uid))).toBe(true);
    const command = studio.emulator.snapshot().commands.at(-1);
    expect(command?.documentName).toBe('AWS-RunShellScript');
    expect(command?.invocations[0]).toMatchObject({
      instanceId: studio.seed.bastionInstanceId,
      status: 'Success',
    });
  });

  it('names a space that does not exist', async () => {
    const r = await sm(['delete', '--space', 'no-such-space', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: no space named no-such-space in domain datascience\n');
  });
});

describe('errors', () => {
  it('an unknown domain names the credentials, region and the domains that exist', async () => {
    const r = await sm(['status', '--domain', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: no domain named nope for environment credentials (AWS_ACCESS_KEY_ID), region us-east-1; ' +
        'domains here: datascience (pass --domain, --profile or --region)\n',
    );
  });

  it('bad names exit 2 without any AWS call', async () => {
    studio.emulator.resetCalls();
    const r = await sm(['delete', '--space', 'bad_name', '--yes']);
    expect(r.code).toBe(2);
    expect(studio.emulator.calls()).toEqual({});
  });

  it('no credentials: one line saying how to configure them', async () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, AWS_SESSION_TOKEN: _t, ...rest } = studio.env;
    const r = await runCli(['status'], { env: { ...rest, AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: no AWS credentials found: .*\n$/);
  });
});

describe('down-all', () => {
  it('--yes stops every app of every user and space, JupyterServer included', async () => {
    const r = await sm(['down-all', '--yes']);
    expect(r.code).toBe(0);
    const live = domain().apps.filter((a) => a.status === 'InService' || a.status === 'Pending');
    expect(live).toEqual([]);
    const again = await sm(['down-all'], { isTTY: true, input: '' });
    expect(again.stdout).toBe('No running apps to stop\n');
  });
});
