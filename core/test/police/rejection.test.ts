/**
 * SES's own refusal, as the real service words it in the sandbox (moto only refuses malformed
 * addresses): the person is not written to twice and the admin is told the address and SES's reason;
 * any other error stops the run instead of being mistaken for a bad address.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { runPolice } from '../../src/police';
import { appOf, policeOptions, stubbedClients, stubDomain } from './stubbed-domain';

const sm = mockClient(SageMakerClient);
const ses = mockClient(SESClient);
afterAll(() => {
  sm.restore();
  ses.restore();
});

test("SES's MessageRejected: the admin hears the address and SES's reason; the others are written to", async () => {
  stubDomain(sm, ['bob', 'carol'], [appOf('bob', 48), appOf('carol', 48)]);
  const reason =
    'Email address is not verified. The following identities failed the check in region EU-WEST-1: bob@example.com';
  ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
    if (input.Destination?.ToAddresses?.[0] === 'bob@example.com') {
      throw Object.assign(new Error(reason), { name: 'MessageRejected' });
    }
    return { MessageId: 'm-1' };
  });

  const result = await runPolice(stubbedClients(), policeOptions());
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
  await expect(runPolice(stubbedClients(), policeOptions())).rejects.toThrow('no permission');
});
