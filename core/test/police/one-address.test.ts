/**
 * Nobody is written to twice: profiles that share an address (a person with two profiles, or an
 * unlisted profile whose fallback address is a listed person's) make one email listing all their apps.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { runPolice } from '../../src/police';
import { appOf, policeOptions, stubbedClients, stubDomain } from './stubbed-domain';

const sm = mockClient(SageMakerClient);
afterAll(() => sm.restore());

test('profiles sharing an address get one email listing every app; others their own', async () => {
  const users = ['bob', 'bob-builder', 'carol'];
  stubDomain(
    sm,
    users,
    users.map((user, i) => appOf(user, 48 + i)),
  );
  const result = await runPolice(
    stubbedClients(),
    policeOptions({
      // bob-builder is not listed: the fallback gives bob.builder@example.com, as listed for bob.
      addressBook: {
        byProfile: { bob: 'Bob.Builder@example.com', carol: 'carol@example.com' },
        emailDomain: 'example.com',
      },
      dryRun: true,
    }),
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
