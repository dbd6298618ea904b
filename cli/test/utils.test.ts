import { hyperlink } from '../src/utils/hyperlink';
import { createSpinner } from '../src/utils/spinner';
import { renderTable } from '../src/utils/table';
import { appTable, totalsLine } from '../src/utils/output';
import type { AppCost } from '@studio-teams/schema';

const sink = () => {
  const chunks: string[] = [];
  return { chunks, out: { write: (s: string) => chunks.push(s) } };
};

describe('spinner', () => {
  it('off a terminal prints one plain line per new message, no control characters', () => {
    const { chunks, out } = sink();
    const s = createSpinner(out, false);
    s.update('waiting for 1 app');
    s.update('waiting for 1 app');
    s.update('waiting for 2 apps');
    s.stop('done');
    expect(chunks).toEqual(['waiting for 1 app\n', 'waiting for 2 apps\n', 'done\n']);
  });

  it('on a terminal redraws one line in place and clears it when stopped', () => {
    const { chunks, out } = sink();
    const s = createSpinner(out, true);
    s.update('waiting');
    s.stop();
    expect(chunks[0]?.startsWith('\r\x1b[2K')).toBe(true);
    expect(chunks[0]?.endsWith(' waiting')).toBe(true);
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

it('renders aligned columns without trailing blanks', () => {
  expect(
    renderTable(
      ['A', 'LONGER'],
      [
        ['xx', ''],
        ['y', 'z'],
      ],
      '  ',
    ),
  ).toBe('  A   LONGER\n  xx\n  y   z\n');
});

it('wraps text in an OSC-8 hyperlink', () => {
  expect(hyperlink('https://x', 'open')).toBe('\x1b]8;;https://x\x1b\\open\x1b]8;;\x1b\\');
});

describe('app tables', () => {
  const app: AppCost = {
    domainId: 'd-1',
    owner: { kind: 'user', name: 'jane-doe' },
    appType: 'KernelGateway',
    appName: 'k',
    status: 'InService',
    instanceType: 'ml.g6.xlarge',
    createdAt: '2026-11-20T00:00:00.000Z',
    uptimeSeconds: (3 * 24 + 4) * 3600,
    pricePerHour: null,
    costSoFar: null,
    standing: 'over-limit',
    limitHours: 24,
  };

  it('says unknown for an unknown price, never $0, and shows the standing', () => {
    const table = appTable([app]);
    expect(table).toMatch(/ml\.g6\.xlarge\s+InService\s+3d 4h\s+unknown\s+unknown\s+OVER the 1-day limit/);
    expect(table).not.toContain('$0');
  });

  it('totals say how many apps were left out', () => {
    expect(totalsLine({ pricePerHour: 0.05, costSoFar: 1.2, unpricedApps: 1 })).toBe(
      'Total: $0.050/hour, $1.20 so far (not counting 1 app of unknown price)\n',
    );
  });
});
