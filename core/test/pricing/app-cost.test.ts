import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema';
import { toAppCost } from '../../src/cost';
import { withQuote } from '../../src/pricing/app-cost';

const now = new Date('2026-11-29T12:00:00Z');
const app = {
  DomainId: 'd-1',
  SpaceName: 'team',
  AppType: 'JupyterLab' as const,
  AppName: 'default',
  Status: 'InService' as const,
  CreationTime: new Date(now.getTime() - 5400_000),
  ResourceSpec: { InstanceType: 'ml.g5.xlarge' as const },
};
const tableCost = toAppCost(app, { now, region: 'us-east-1', rules: DEFAULT_LONG_RUNNING_RULES });

test("reprices an app with the API's figure over the same uptime, and says where it came from", () => {
  expect(tableCost).toMatchObject({ pricePerHour: 1.408, costSoFar: 2.112 });
  expect(withQuote(tableCost, { pricePerHour: 1.41, source: 'api' })).toEqual({
    ...tableCost,
    pricePerHour: 1.41,
    costSoFar: 2.115,
    priceSource: 'api',
  });
});

test('a quote from the table gives what toAppCost gave, and an unknown price no cost at all', () => {
  expect(withQuote(tableCost, { pricePerHour: 1.408, source: 'table' })).toEqual({
    ...tableCost,
    priceSource: 'table',
  });
  expect(withQuote(tableCost, { pricePerHour: null, source: 'unknown' })).toMatchObject({
    pricePerHour: null,
    costSoFar: null,
    priceSource: 'unknown',
  });
});
