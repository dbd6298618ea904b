import type { AppDetails } from '@aws-sdk/client-sagemaker';
import { DEFAULT_LONG_RUNNING_RULES as rules } from '@studio-teams/schema';
import {
  costTotals,
  instanceFamily,
  instanceTypeOf,
  limitHoursFor,
  priceFor,
  standingOf,
  toAppCost,
} from '../src/cost';
import { formatBytes, formatDuration, formatPricePerHour, formatUsd } from '../src/format';

const now = new Date('2026-11-20T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe('priceFor', () => {
  it('reads the table by region and type', () => {
    expect(priceFor('ml.t3.medium', 'us-east-1')).toBe(0.05);
    expect(priceFor('system', 'us-east-1')).toBe(0);
  });
  it('says null, never 0, for an unknown type, region or missing type', () => {
    expect(priceFor('ml.g6.xlarge', 'us-east-1')).toBeNull();
    expect(priceFor('ml.t3.medium', 'xx-nowhere-1')).toBeNull();
    expect(priceFor(null, 'us-east-1')).toBeNull();
  });
});

describe('standing', () => {
  it('takes the family between ml. and the size', () => {
    expect(instanceFamily('ml.t3.medium')).toBe('t3');
    expect(instanceFamily('ml.g4dn.12xlarge')).toBe('g4dn');
    expect(instanceFamily('system')).toBeNull();
  });
  it('holds t3 to 5 days and anything else to 1 day, as the original police did', () => {
    expect(limitHoursFor('ml.t3.large', rules)).toBe(120);
    expect(limitHoursFor('ml.m5.large', rules)).toBe(24);
    expect(limitHoursFor(null, rules)).toBe(24);
  });
  it.each([
    ['ml.t3.medium', 10, 'ok'],
    ['ml.t3.medium', 100, 'near-limit'],
    ['ml.t3.medium', 121, 'over-limit'],
    ['ml.m5.xlarge', 19, 'ok'],
    ['ml.m5.xlarge', 20, 'near-limit'],
    ['ml.m5.xlarge', 24.5, 'over-limit'],
    ['system', 1000, 'ok'],
  ])('%s after %d h is %s', (type, hours, standing) => {
    expect(standingOf(type, hours, rules)).toBe(standing);
  });
});

describe('instanceTypeOf', () => {
  it('prefers what AWS reports', () => {
    expect(instanceTypeOf({ ResourceSpec: { InstanceType: 'ml.g5.xlarge' }, AppName: 'x' })).toBe(
      'ml.g5.xlarge',
    );
  });
  it('falls back to the type encoded in a KernelGateway app name, as the original did', () => {
    expect(instanceTypeOf({ AppName: 'datascience-1-0-ml-t3-medium-1abf3407f667f989be9d86559395' })).toBe(
      'ml.t3.medium',
    );
    expect(instanceTypeOf({ AppName: 'sagemaker-base-ml-g4dn-2xlarge-abc' })).toBe('ml.g4dn.2xlarge');
    expect(instanceTypeOf({ AppName: 'default' })).toBeNull();
  });
});

describe('toAppCost and costTotals', () => {
  const app = (over: Partial<AppDetails>): AppDetails => ({
    DomainId: 'd-1',
    UserProfileName: 'jane-doe',
    AppType: 'KernelGateway',
    AppName: 'k',
    Status: 'InService',
    CreationTime: hoursAgo(30),
    ResourceSpec: { InstanceType: 'ml.m5.large' },
    ...over,
  });

  it('computes uptime, cost so far and standing', () => {
    const c = toAppCost(app({}), { now, region: 'us-east-1', rules });
    expect(c).toMatchObject({
      owner: { kind: 'user', name: 'jane-doe' },
      instanceType: 'ml.m5.large',
      uptimeSeconds: 30 * 3600,
      pricePerHour: 0.115,
      costSoFar: 3.45,
      standing: 'over-limit',
      limitHours: 24,
      createdAt: hoursAgo(30).toISOString(),
    });
  });

  it('owns space apps by the space and leaves unknown prices null', () => {
    const c = toAppCost(app({ SpaceName: 'team', ResourceSpec: { InstanceType: 'ml.g6.xlarge' } }), {
      now,
      region: 'us-east-1',
      rules,
    });
    expect(c.owner).toEqual({ kind: 'space', name: 'team' });
    expect(c.pricePerHour).toBeNull();
    expect(c.costSoFar).toBeNull();
  });

  it('sums priced apps and counts the unpriced ones', () => {
    const opts = { now, region: 'us-east-1', rules };
    const totals = costTotals([
      toAppCost(app({ ResourceSpec: { InstanceType: 'ml.t3.medium' }, CreationTime: hoursAgo(10) }), opts),
      toAppCost(app({ ResourceSpec: { InstanceType: 'ml.m5.large' }, CreationTime: hoursAgo(10) }), opts),
      toAppCost(app({ ResourceSpec: { InstanceType: 'ml.g6.xlarge' } }), opts),
    ]);
    expect(totals).toEqual({ pricePerHour: 0.165, costSoFar: 1.65, unpricedApps: 1 });
  });
});

describe('formatting', () => {
  it('shows uptime as days and hours, or hours and minutes', () => {
    expect(formatDuration((3 * 24 + 4) * 3600 + 59)).toBe('3d 4h');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2h 5m');
    expect(formatDuration(59)).toBe('0m');
  });
  it('says unknown rather than $0', () => {
    expect(formatUsd(null)).toBe('unknown');
    expect(formatPricePerHour(null)).toBe('unknown');
    expect(formatUsd(3.456)).toBe('$3.46');
    expect(formatPricePerHour(0.399)).toBe('$0.399');
    expect(formatBytes(null)).toBe('unknown');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});
