import type { AppCost, CostReport } from '@studio-teams/schema';
import type { WarningSettings } from '../tokens';

/**
 * Words and numbers for the status item and the panel. Pure functions over the report, so they are
 * unit-tested without a browser.
 */

export type Standing = AppCost['standing'];

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(amount: number): string {
  return usd.format(amount);
}

/** `45 min`, `8 h`, `6 d 2 h`: uptimes run from minutes to weeks. */
export function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A limit in hours as people say it: `24 h`, `5 d`. */
export function limit(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} d` : `${hours} h`;
}

/** `$1.52/h · $38.10 so far` */
export function summary(report: CostReport): string {
  const { pricePerHour, costSoFar } = report.totals;
  return `${money(pricePerHour)}/h · ${money(costSoFar)} so far`;
}

/** The standing the user asked to be warned about: past-limit apps count as near when only that is on. */
export function shownStanding(standing: Standing, warnings: WarningSettings): Standing {
  if (standing === 'over-limit') {
    if (warnings.overLimit) return 'over-limit';
    return warnings.nearLimit ? 'near-limit' : 'ok';
  }
  if (standing === 'near-limit') return warnings.nearLimit ? 'near-limit' : 'ok';
  return 'ok';
}

const severity: Record<Standing, number> = { ok: 0, 'near-limit': 1, 'over-limit': 2 };

/** The worst shown standing among the apps: it colours the status item. */
export function worstStanding(apps: readonly AppCost[], warnings: WarningSettings): Standing {
  let worst: Standing = 'ok';
  for (const app of apps) {
    const shown = shownStanding(app.standing, warnings);
    if (severity[shown] > severity[worst]) worst = shown;
  }
  return worst;
}

/** `KernelGateway on ml.t3.medium` or `JupyterServer (team-forecasting)`. */
export function appLabel(app: AppCost): string {
  const where = app.owner.kind === 'space' ? ` in space ${app.owner.name}` : '';
  const on = app.instanceType && app.instanceType !== 'system' ? ` on ${app.instanceType}` : '';
  return `${app.appType}${on}${where}`;
}

/** The second line under the app type in the panel: `ml.t3.medium · space team-forecasting`. */
export function appDetails(app: AppCost): string {
  const parts = [app.instanceType ?? 'instance unknown'];
  if (app.owner.kind === 'space') parts.push(`space ${app.owner.name}`);
  return parts.join(' · ');
}

/** `past its 5 d limit` / `near its 24 h limit`; null when nothing is to be said. */
export function warning(app: AppCost, warnings: WarningSettings): string | null {
  switch (shownStanding(app.standing, warnings)) {
    case 'over-limit':
      return `past its ${limit(app.limitHours)} limit`;
    case 'near-limit':
      return `near its ${limit(app.limitHours)} limit`;
    default:
      return null;
  }
}

export function appCost(app: AppCost): string {
  if (app.pricePerHour === null || app.costSoFar === null) return 'price unknown';
  return `${money(app.pricePerHour)}/h · ${money(app.costSoFar)}`;
}

/** The status item's tooltip: one line per app, then what the totals leave out. */
export function breakdown(report: CostReport, warnings: WarningSettings): string {
  if (report.apps.length === 0) return 'No running apps';
  const lines = report.apps.map((app) => {
    const note = warning(app, warnings);
    return `${appLabel(app)}: ${duration(app.uptimeSeconds)}, ${appCost(app)}${note ? ` (${note})` : ''}`;
  });
  const unpriced = report.totals.unpricedApps;
  if (unpriced > 0)
    lines.push(`${unpriced} app${unpriced === 1 ? '' : 's'} of unknown price not in the total`);
  return lines.join('\n');
}

/**
 * The status item's accessible name: it starts with the visible text (so voice control finds it by
 * what it shows) and adds the warning that the colour alone would carry.
 */
export function spokenSummary(report: CostReport, standing: Standing): string {
  const state =
    standing === 'over-limit'
      ? ', an app is past its time limit'
      : standing === 'near-limit'
        ? ', an app is near its time limit'
        : '';
  return `Studio cost ${summary(report)}${state}`;
}
