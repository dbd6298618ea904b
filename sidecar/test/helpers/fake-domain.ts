import {
  type AppDetails,
  DeleteAppCommand,
  ListAppsCommand,
  ListSpacesCommand,
  SageMakerClient,
  type SpaceDetails,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';

export const DOMAIN = 'd-test0000001';
export const NOW = new Date('2026-11-29T12:00:00Z');
export const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3600_000);

const app = (a: Partial<AppDetails> & Pick<AppDetails, 'AppType' | 'AppName'>): AppDetails => ({
  DomainId: DOMAIN,
  Status: 'InService',
  CreationTime: hoursAgo(1),
  ...a,
});

/**
 * jane-doe has her JupyterServer, a t3 kernel near its 5-day limit, a GPU kernel over its 1-day
 * limit and a Deleted one; she owns jane-space (a running JupyterLab) and is a member of bob's
 * team-space. bob-smith has apps of his own.
 */
export const APPS: AppDetails[] = [
  app({
    UserProfileName: 'jane-doe',
    AppType: 'JupyterServer',
    AppName: 'default',
    ResourceSpec: { InstanceType: 'system' },
    CreationTime: hoursAgo(200),
  }),
  app({
    UserProfileName: 'jane-doe',
    AppType: 'KernelGateway',
    AppName: 'datascience-1-0-ml-t3-medium-abc',
    ResourceSpec: { InstanceType: 'ml.t3.medium' },
    CreationTime: hoursAgo(100),
  }),
  app({
    UserProfileName: 'jane-doe',
    AppType: 'KernelGateway',
    AppName: 'gpu-kernel',
    ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' },
    CreationTime: hoursAgo(30),
  }),
  app({
    UserProfileName: 'jane-doe',
    AppType: 'KernelGateway',
    AppName: 'old-kernel',
    ResourceSpec: { InstanceType: 'ml.m5.large' },
    Status: 'Deleted',
    CreationTime: hoursAgo(300),
  }),
  app({
    UserProfileName: 'jane-doe',
    AppType: 'KernelGateway',
    AppName: 'starting-kernel',
    ResourceSpec: { InstanceType: 'ml.m5.large' },
    Status: 'Pending',
    CreationTime: hoursAgo(0.1),
  }),
  app({
    SpaceName: 'jane-space',
    AppType: 'JupyterLab',
    AppName: 'default',
    ResourceSpec: { InstanceType: 'ml.m5.xlarge' },
    CreationTime: hoursAgo(2),
  }),
  app({
    SpaceName: 'team-space',
    AppType: 'JupyterLab',
    AppName: 'default',
    ResourceSpec: { InstanceType: 'ml.g5.xlarge' },
    CreationTime: hoursAgo(5),
  }),
  app({
    UserProfileName: 'bob-smith',
    AppType: 'JupyterServer',
    AppName: 'default',
    ResourceSpec: { InstanceType: 'system' },
  }),
  app({
    UserProfileName: 'bob-smith',
    AppType: 'KernelGateway',
    AppName: 'gpu-kernel',
    ResourceSpec: { InstanceType: 'ml.p3.2xlarge' },
  }),
];

export const SPACES: SpaceDetails[] = [
  {
    DomainId: DOMAIN,
    SpaceName: 'jane-space',
    Status: 'InService',
    OwnershipSettingsSummary: { OwnerUserProfileName: 'jane-doe' },
  },
  {
    DomainId: DOMAIN,
    SpaceName: 'team-space',
    Status: 'InService',
    OwnershipSettingsSummary: { OwnerUserProfileName: 'bob-smith' },
  },
  { DomainId: DOMAIN, SpaceName: 'classic-space', Status: 'InService' },
];

/**
 * Stubs every SageMakerClient (core builds its own) with the fixture above, paged as AWS pages,
 * answering after `delayMs` so concurrent requests really overlap.
 */
export function fakeSageMaker(opts: { pageSize?: number; delayMs?: number; apps?: AppDetails[] } = {}) {
  /** Errors the next calls of a command throw, one each, before the fixture answers again. */
  const failures = { ListApps: [] as unknown[], DeleteApp: [] as unknown[] };
  const failNext = (command: keyof typeof failures, error: unknown) => failures[command].push(error);
  const { pageSize = 4, delayMs = 20 } = opts;
  const apps = opts.apps ?? APPS;
  const sagemaker = mockClient(SageMakerClient);
  const later = <T>(value: T): Promise<T> =>
    new Promise((resolve) => setTimeout(() => resolve(value), delayMs));
  const failLater = (error: unknown): Promise<never> =>
    new Promise((_resolve, reject) => setTimeout(() => reject(error), delayMs));
  sagemaker.on(ListAppsCommand).callsFake((input: { NextToken?: string; DomainIdEquals?: string }) => {
    if (failures.ListApps.length > 0) return failLater(failures.ListApps.shift());
    const start = Number(input.NextToken ?? 0);
    const end = start + pageSize;
    const page = apps.filter((a) => a.DomainId === input.DomainIdEquals).slice(start, end);
    return later({ Apps: page, ...(end < apps.length ? { NextToken: String(end) } : {}) });
  });
  sagemaker.on(ListSpacesCommand).callsFake(() => later({ Spaces: SPACES }));
  sagemaker
    .on(DeleteAppCommand)
    .callsFake(() => (failures.DeleteApp.length > 0 ? failLater(failures.DeleteApp.shift()) : later({})));
  return Object.assign(sagemaker, { failNext });
}
