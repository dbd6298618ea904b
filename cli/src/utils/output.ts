import type { AppCost, CostTotals, Standing } from '@studio-teams/schema';
import { loadCore } from './core';
import type { OutputStream } from './io';
import { renderTable } from './table';

/** What `status` and `status-all` show for apps: the same columns everywhere. */

const STANDING: Record<Standing, (limitHours: number) => string> = {
  ok: () => '',
  'near-limit': (h) => `near the ${limitWords(h)} limit`,
  'over-limit': (h) => `OVER the ${limitWords(h)} limit`,
};

function limitWords(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}-day` : `${hours}-hour`;
}

export function appRows(apps: readonly AppCost[]): string[][] {
  const { formatDuration, formatPricePerHour, formatUsd } = loadCore();
  return apps.map((a) => [
    a.appType,
    a.appName,
    a.instanceType ?? 'unknown',
    a.status,
    formatDuration(a.uptimeSeconds),
    formatPricePerHour(a.pricePerHour),
    formatUsd(a.costSoFar),
    STANDING[a.standing](a.limitHours),
  ]);
}

export const APP_HEADERS = [
  'APP TYPE',
  'NAME',
  'INSTANCE',
  'STATUS',
  'UPTIME',
  '$/HOUR',
  'COST SO FAR',
  'STANDING',
];

export function appTable(apps: readonly AppCost[], indent = ''): string {
  return renderTable(APP_HEADERS, appRows(apps), indent);
}

export function totalsLine(totals: CostTotals): string {
  const { formatUsd, formatPricePerHour } = loadCore();
  const unpriced =
    totals.unpricedApps > 0
      ? ` (not counting ${totals.unpricedApps} app${totals.unpricedApps === 1 ? '' : 's'} of unknown price)`
      : '';
  return `Total: ${formatPricePerHour(totals.pricePerHour)}/hour, ${formatUsd(totals.costSoFar)} so far${unpriced}\n`;
}

/** `--json`: exactly the schema shape, nothing else on stdout. */
export function printJson(out: OutputStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
