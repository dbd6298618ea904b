import {
  CreateAppCommand,
  DeleteAppCommand,
  DescribeAppCommand,
  ListAppsCommand,
} from '@aws-sdk/client-sagemaker';
import { parseWith, Seed } from '@studio-teams/schema';
import { failure, smallSeed } from './support/harness';
import { startStudio, type Studio } from './support/studio';

describe('app lifecycle (fake clock, pendingMs 3000, deletingMs 2000)', () => {
  let studio: Studio;
  beforeEach(async () => {
    const seed = smallSeed();
    seed.domains[0]?.apps.push({
      user: 'bo-chen',
      type: 'KernelGateway',
      instanceType: 'ml.g5.xlarge',
      ageHours: 0,
      status: 'Pending',
    });
    studio = await startStudio(parseWith(Seed, seed, 'seed'));
  });
  afterEach(async () => {
    const violations = studio.emulator.violations();
    await studio.close();
    expect(violations).toEqual([]);
  });

  const kernel = (d: string) => ({
    DomainId: d,
    UserProfileName: 'ana-lima',
    AppType: 'KernelGateway' as const,
    AppName: 'kg-1',
  });
  const status = async (s: Studio) => (await s.sm.send(new DescribeAppCommand(kernel(s.domainId)))).Status;

  it('goes Pending -> InService after pendingMs, and Deleting -> Deleted after deletingMs', async () => {
    const { sm, clock, domainId } = studio;
    const created = await sm.send(
      new CreateAppCommand({ ...kernel(domainId), ResourceSpec: { InstanceType: 'ml.m5.large' } }),
    );
    expect(created.AppArn).toBe(
      `arn:aws:sagemaker:us-east-1:123456789012:app/${domainId}/ana-lima/kernelgateway/kg-1`,
    );
    expect(await status(studio)).toBe('Pending');
    clock.advance(2999);
    expect(await status(studio)).toBe('Pending');
    clock.advance(1);
    expect(await status(studio)).toBe('InService');

    await sm.send(new DeleteAppCommand(kernel(domainId)));
    expect(await status(studio)).toBe('Deleting');
    clock.advance(1999);
    expect(await status(studio)).toBe('Deleting');
    clock.advance(1);
    expect(await status(studio)).toBe('Deleted');
  });

  it('keeps listing deleted apps with status Deleted, and lets their name be reused', async () => {
    const { sm, clock, domainId, emulator } = studio;
    await sm.send(new CreateAppCommand(kernel(domainId)));
    clock.advance(3000);
    await sm.send(new DeleteAppCommand(kernel(domainId)));
    clock.advance(60 * 60 * 1000);
    const listed = await sm.send(
      new ListAppsCommand({ DomainIdEquals: domainId, UserProfileNameEquals: 'ana-lima' }),
    );
    expect(listed.Apps?.find((a) => a.AppName === 'kg-1')?.Status).toBe('Deleted');
    expect(emulator.snapshot().domains[0]?.apps.find((a) => a.appName === 'kg-1')?.status).toBe('Deleted');

    expect((await failure(() => sm.send(new DeleteAppCommand(kernel(domainId))))).name).toBe(
      'ResourceNotFound',
    );
    await sm.send(new CreateAppCommand(kernel(domainId)));
    expect(await status(studio)).toBe('Pending');
  });

  it('refuses to delete an app that is Pending or already Deleting, and to create one that exists', async () => {
    const { sm, clock, domainId } = studio;
    await sm.send(new CreateAppCommand(kernel(domainId)));
    expect((await failure(() => sm.send(new CreateAppCommand(kernel(domainId))))).name).toBe('ResourceInUse');
    expect((await failure(() => sm.send(new DeleteAppCommand(kernel(domainId))))).name).toBe('ResourceInUse');
    clock.advance(3000);
    await sm.send(new DeleteAppCommand(kernel(domainId)));
    expect((await failure(() => sm.send(new DeleteAppCommand(kernel(domainId))))).name).toBe('ResourceInUse');
    expect((await failure(() => sm.send(new CreateAppCommand(kernel(domainId))))).name).toBe('ResourceInUse');
  });

  it('starts seeded apps in their seeded state; a seeded Pending app comes up after pendingMs', async () => {
    const { emulator, clock } = studio;
    const apps = () => emulator.snapshot().domains[0]?.apps ?? [];
    expect(apps().map((a) => [a.owner.name, a.appType, a.status])).toEqual([
      ['ana-lima', 'JupyterServer', 'InService'],
      ['ana-lima', 'KernelGateway', 'InService'],
      ['shared-space', 'JupyterServer', 'InService'],
      ['bo-chen', 'KernelGateway', 'Pending'],
    ]);
    clock.advance(3000);
    expect(apps().every((a) => a.status === 'InService')).toBe(true);
  });

  it('gives apps the instance type the model documents: system for JupyterServer, ml.t3.medium by default', async () => {
    const { sm, domainId } = studio;
    await sm.send(
      new CreateAppCommand({
        DomainId: domainId,
        UserProfileName: 'bo-chen',
        AppType: 'JupyterServer',
        AppName: 'default',
      }),
    );
    await sm.send(
      new CreateAppCommand({
        DomainId: domainId,
        UserProfileName: 'bo-chen',
        AppType: 'KernelGateway',
        AppName: 'kg-sys',
        ResourceSpec: { InstanceType: 'system' },
      }),
    );
    const jupyter = await sm.send(
      new DescribeAppCommand({
        DomainId: domainId,
        UserProfileName: 'bo-chen',
        AppType: 'JupyterServer',
        AppName: 'default',
      }),
    );
    const kg = await sm.send(
      new DescribeAppCommand({
        DomainId: domainId,
        UserProfileName: 'bo-chen',
        AppType: 'KernelGateway',
        AppName: 'kg-sys',
      }),
    );
    expect(jupyter.ResourceSpec?.InstanceType).toBe('system');
    expect(kg.ResourceSpec?.InstanceType).toBe('ml.t3.medium');
    expect(jupyter.CreationTime?.getTime()).toBe(studio.clock.t);
  });
});
