import type { AppCost, CostReport } from '@studio-teams/schema';
import {
  breakdown,
  duration,
  limit,
  shownStanding,
  spokenSummary,
  summary,
  warning,
  worstStanding,
} from '../src/cost/format';

const all = { nearLimit: true, overLimit: true };

function app(over: Partial<AppCost>): AppCost {
  return {
    domainId: 'd-1',
    owner: { kind: 'user', name: 'jane-doe' },
    appType: 'KernelGateway',
    appName: 'k1',
    status: 'InService',
    instanceType: 'ml.m5.xlarge',
    createdAt: '2025-01-01T00:00:00.000Z',
    uptimeSeconds: 8 * 3600,
    pricePerHour: 0.23,
    costSoFar: 1.84,
    standing: 'ok',
    limitHours: 24,
    ...over,
  };
}

function report(
  apps: AppCost[],
  totals = { pricePerHour: 1.5234, costSoFar: 38.1, unpricedApps: 0 },
): CostReport {
  return {
    generatedAt: '2025-01-01T08:00:00.000Z',
    listedAt: '2025-01-01T08:00:00.000Z',
    domainId: 'd-1',
    region: 'us-east-1',
    userProfileName: 'jane-doe',
    apps,
    totals,
  };
}

describe('cost format', () => {
  it('summarises the totals as the status bar shows them', () => {
    expect(summary(report([]))).toBe('$1.52/h · $38.10 so far');
  });

  it('says uptimes in minutes, hours, then days', () => {
    expect(duration(45 * 60)).toBe('45 min');
    expect(duration(8 * 3600 + 59)).toBe('8 h');
    expect(duration(144 * 3600)).toBe('6 d 0 h');
    expect(limit(24)).toBe('24 h');
    expect(limit(120)).toBe('5 d');
  });

  it('colours by the worst standing the user wants to see', () => {
    const apps = [app({ standing: 'near-limit' }), app({ appName: 'k2', standing: 'over-limit' })];
    expect(worstStanding(apps, all)).toBe('over-limit');
    expect(worstStanding(apps, { nearLimit: true, overLimit: false })).toBe('near-limit');
    expect(worstStanding(apps, { nearLimit: false, overLimit: false })).toBe('ok');
    expect(shownStanding('near-limit', { nearLimit: false, overLimit: true })).toBe('ok');
  });

  it('names each app, its figures and its warning in the tooltip', () => {
    const t3 = app({
      instanceType: 'ml.t3.medium',
      uptimeSeconds: 144 * 3600,
      pricePerHour: 0.05,
      costSoFar: 7.2,
      standing: 'over-limit',
      limitHours: 120,
    });
    const space = app({ owner: { kind: 'space', name: 'team-forecasting' }, instanceType: 'system' });
    const text = breakdown(report([t3, space], { pricePerHour: 0.05, costSoFar: 7.2, unpricedApps: 1 }), all);
    expect(text).toBe(
      [
        'KernelGateway on ml.t3.medium: 6 d 0 h, $0.05/h · $7.20 (past its 5 d limit)',
        'KernelGateway in space team-forecasting: 8 h, $0.23/h · $1.84',
        '1 app of unknown price not in the total',
      ].join('\n'),
    );
    expect(warning(t3, { nearLimit: false, overLimit: false })).toBeNull();
  });

  it('puts the warning into the accessible name, after the visible text', () => {
    expect(spokenSummary(report([]), 'near-limit')).toBe(
      'Studio cost $1.52/h · $38.10 so far, an app is near its time limit',
    );
  });
});
