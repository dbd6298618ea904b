/**
 * The police's unit tests' domain d-1 in eu-west-1, stubbed at the SDK (the HTTP path is police.test.ts's):
 * a clock, apps that have run for given hours, and the options every run shares.
 */
import {
  type AppDetails,
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SESClient } from '@aws-sdk/client-ses';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { PoliceClients, PoliceOptions } from '../../src/police';

export const now = new Date('2026-11-20T12:00:00Z');
export const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3600_000);

/** A KernelGateway app on ml.m5.large (limit 24 h) of `user`, running for `hours`. */
export const appOf = (user: string, hours: number, more: Partial<AppDetails> = {}): AppDetails => ({
  DomainId: 'd-1',
  UserProfileName: user,
  AppType: 'KernelGateway',
  AppName: `${user}-app`,
  Status: 'InService',
  CreationTime: hoursAgo(hours),
  ResourceSpec: { InstanceType: 'ml.m5.large' },
  ...more,
});

/** The domain holds these profiles and apps, and no spaces. */
export function stubDomain(sm: AwsClientStub<SageMakerClient>, users: string[], apps: AppDetails[]): void {
  sm.on(ListUserProfilesCommand).resolves({
    UserProfiles: users.map((UserProfileName) => ({ UserProfileName })),
  });
  sm.on(ListSpacesCommand).resolves({ Spaces: [] });
  sm.on(ListAppsCommand).resolves({ Apps: apps });
}

export const stubbedClients = (): PoliceClients => ({
  sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
  ses: new SESClient({ region: 'eu-west-1' }),
});

export const policeOptions = (more: Partial<PoliceOptions> = {}): PoliceOptions => ({
  domainId: 'd-1',
  domainName: 'datascience',
  region: 'eu-west-1',
  rules: DEFAULT_LONG_RUNNING_RULES,
  adminEmail: 'admin@example.com',
  addressBook: { byProfile: { bob: 'bob@example.com', carol: 'carol@example.com' } },
  sesSandbox: false,
  dryRun: false,
  now,
  ...more,
});
