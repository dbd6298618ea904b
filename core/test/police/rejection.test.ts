/**
 * SES's own refusal, as the real service words it in the sandbox (moto only refuses malformed
 * addresses): the person is not written to twice and the admin is told the address and SES's reason;
 * any other error stops the run instead of being mistaken for a bad address.
 */
import {
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import { mockClient } from 'aws-sdk-client-mock';
import { runPolice } from '../../src/police';

const sm = mockClient(SageMakerClient);
const ses = mockClient(SESClient);
afterAll(() => {
  sm.restore();
  ses.restore();
});

const now = new Date('2026-11-20T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

test("SES's MessageRejected: the admin hears the address and SES's reason; the others are written to", async () => {
  sm.on(ListUserProfilesCommand).resolves({
    UserProfiles: [{ UserProfileName: 'bob' }, { UserProfileName: 'carol' }],
  });
  sm.on(ListSpacesCommand).resolves({ Spaces: [] });
  sm.on(ListAppsCommand).resolves({
    Apps: ['bob', 'carol'].map((user) => ({
      DomainId: 'd-1',
      UserProfileName: user,
      AppType: 'KernelGateway',
      AppName: `${user}-app`,
      Status: 'InService',
      CreationTime: hoursAgo(48),
      ResourceSpec: { InstanceType: 'ml.m5.large' },
    })),
  });
  const reason =
    'Email address is not verified. The following identities failed the check in region EU-WEST-1: bob@example.com';
  ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
    if (input.Destination?.ToAddresses?.[0] === 'bob@example.com') {
      throw Object.assign(new Error(reason), { name: 'MessageRejected' });
    }
    return { MessageId: 'm-1' };
  });

  const result = await runPolice(
    { sagemaker: new SageMakerClient({ region: 'eu-west-1' }), ses: new SESClient({ region: 'eu-west-1' }) },
    {
      domainId: 'd-1',
      domainName: 'datascience',
      region: 'eu-west-1',
      rules: DEFAULT_LONG_RUNNING_RULES,
      adminEmail: 'admin@example.com',
      addressBook: { byProfile: { bob: 'bob@example.com', carol: 'carol@example.com' } },
      sesSandbox: false,
      dryRun: false,
      now,
    },
  );
  expect(result.undeliverable).toEqual([
    { profile: 'bob', address: 'bob@example.com', reason: `MessageRejected: ${reason}` },
  ]);
  const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);
  // bob once (refused), carol once, then the notice to the admin.
  expect(sent).toEqual(['bob@example.com', 'carol@example.com', 'admin@example.com']);
  const notice = ses.commandCalls(SendEmailCommand)[2]!.args[0].input;
  expect(notice.Message?.Body?.Text?.Data).toContain(`bob@example.com: MessageRejected: ${reason}`);
  expect(result.emails.map((e) => e.kind)).toEqual(['user-reminder', 'undeliverable']);
});

test('anything else SES says (not about the message) stops the run with that error', async () => {
  ses.reset();
  ses.on(SendEmailCommand).rejects(Object.assign(new Error('no permission'), { name: 'AccessDenied' }));
  await expect(
    runPolice(
      {
        sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
        ses: new SESClient({ region: 'eu-west-1' }),
      },
      {
        domainId: 'd-1',
        domainName: 'datascience',
        region: 'eu-west-1',
        rules: DEFAULT_LONG_RUNNING_RULES,
        adminEmail: 'admin@example.com',
        addressBook: { byProfile: { bob: 'bob@example.com', carol: 'carol@example.com' } },
        sesSandbox: false,
        dryRun: false,
        now,
      },
    ),
  ).rejects.toThrow('no permission');
});
