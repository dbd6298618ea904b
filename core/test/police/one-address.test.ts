/**
 * Nobody is written to twice: profiles that share an address (a person with two profiles, or an
 * unlisted profile whose fallback address is a listed person's) make one email listing all their apps.
 */
import {
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SESClient } from '@aws-sdk/client-ses';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import { mockClient } from 'aws-sdk-client-mock';
import { runPolice } from '../../src/police';

const sm = mockClient(SageMakerClient);
afterAll(() => sm.restore());

const now = new Date('2026-11-20T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

test('profiles sharing an address get one email listing every app; others their own', async () => {
  const users = ['bob', 'bob-builder', 'carol'];
  sm.on(ListUserProfilesCommand).resolves({
    UserProfiles: users.map((UserProfileName) => ({ UserProfileName })),
  });
  sm.on(ListSpacesCommand).resolves({ Spaces: [] });
  sm.on(ListAppsCommand).resolves({
    Apps: users.map((user, i) => ({
      DomainId: 'd-1',
      UserProfileName: user,
      AppType: 'KernelGateway',
      AppName: `${user}-app`,
      Status: 'InService',
      CreationTime: hoursAgo(48 + i),
      ResourceSpec: { InstanceType: 'ml.m5.large' },
    })),
  });
  const result = await runPolice(
    { sagemaker: new SageMakerClient({ region: 'eu-west-1' }), ses: new SESClient({ region: 'eu-west-1' }) },
    {
      domainId: 'd-1',
      domainName: 'datascience',
      region: 'eu-west-1',
      rules: DEFAULT_LONG_RUNNING_RULES,
      adminEmail: 'admin@example.com',
      // bob-builder is not listed: the fallback gives bob.builder@example.com, as listed for bob.
      addressBook: {
        byProfile: { bob: 'Bob.Builder@example.com', carol: 'carol@example.com' },
        emailDomain: 'example.com',
      },
      sesSandbox: false,
      dryRun: true,
      now,
    },
  );
  const reminders = result.emails.filter((e) => e.kind === 'user-reminder');
  expect(reminders.map((e) => e.to).sort()).toEqual(['Bob.Builder@example.com', 'carol@example.com']);
  const bobs = reminders.find((e) => e.to === 'Bob.Builder@example.com')!;
  expect(bobs.body).toContain('(profiles bob, bob-builder)');
  expect(bobs.body).toContain('"bob-app"');
  expect(bobs.body).toContain('"bob-builder-app"');
  expect(reminders.find((e) => e.to === 'carol@example.com')!.body).not.toContain('bob');
  // No price for ml.m5.large in this test's region: the total says so rather than "$0.00".
  expect(bobs.body).toContain('cost an unknown amount (no price is known for these instance types) so far');
  expect(bobs.body).not.toContain('$0.00');
});
