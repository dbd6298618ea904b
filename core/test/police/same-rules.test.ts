/**
 * The police flags exactly what the cost panel shows as over its limit: the same live states (a
 * Pending app holds an instance too) and the same per-instance limits, from the same code.
 */
import { type AppDetails, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import { mockClient } from 'aws-sdk-client-mock';
import { isLive } from '../../src/apps';
import { toAppCost } from '../../src/cost';
import { findLongRunning } from '../../src/police';
import { appOf, now, stubDomain } from './stubbed-domain';

const sm = mockClient(SageMakerClient);
afterAll(() => sm.restore());

test('the police and the cost panel agree on every state and age', async () => {
  const apps: AppDetails[] = [];
  for (const Status of ['Pending', 'InService', 'Failed', 'Deleting', 'Deleted'] as const)
    for (const hours of [2, 30, 200])
      apps.push(appOf(`u-${Status.toLowerCase()}-${hours}`, hours, { AppName: 'app', Status }));
  stubDomain(sm, [], apps);

  const sweep = await findLongRunning(new SageMakerClient({ region: 'eu-west-1' }), {
    domainId: 'd-1',
    region: 'eu-west-1',
    rules: DEFAULT_LONG_RUNNING_RULES,
    now,
  });
  // What the cost panel shows as over the limit (core/src/status.ts: live apps, toAppCost's standing).
  const panel = apps
    .filter(isLive)
    .map((a) => toAppCost(a, { now, region: 'eu-west-1', rules: DEFAULT_LONG_RUNNING_RULES }))
    .filter((c) => c.standing === 'over-limit')
    .map((c) => c.owner.name)
    .sort();
  expect(sweep.users.map((u) => u.name).sort()).toEqual(panel);
  expect(panel).toEqual(['u-inservice-200', 'u-inservice-30', 'u-pending-200', 'u-pending-30']);
});
