import type { AppCost } from '@studio-teams/schema';
import { formatDuration, formatUsd } from '../format';
import type { Offender } from './find-long-running';

/** One email the police sends (or, in a dry run, would send). */
export interface PoliceEmail {
  /** Why it is sent: a reminder to a user, the admin's list of spaces, or an undeliverable notice. */
  kind: 'user-reminder' | 'spaces' | 'undeliverable';
  to: string;
  cc: string[];
  subject: string;
  body: string;
  /** The profile a reminder is about. */
  profile?: string;
}

function appLine(app: AppCost): string {
  const type = app.instanceType ?? 'unknown instance';
  const limit = app.limitHours % 24 === 0 ? `${app.limitHours / 24}d` : `${app.limitHours}h`;
  return (
    `  - ${app.appType} "${app.appName}" on ${type}: up ${formatDuration(app.uptimeSeconds)} ` +
    `(limit ${limit}), ${formatUsd(app.costSoFar)} so far`
  );
}

const totalOf = (apps: AppCost[]): string => {
  const priced = apps.filter((a) => a.costSoFar !== null);
  // "$0.00" would read as free: say plainly that no price is known.
  if (priced.length === 0) return 'an unknown amount (no price is known for these instance types)';
  const sum = priced.reduce((n, a) => n + (a.costSoFar ?? 0), 0);
  return priced.length === apps.length ? formatUsd(sum) : `${formatUsd(sum)} (some prices unknown)`;
};

export function userReminder(user: Offender, to: string, admin: string, domainName: string): PoliceEmail {
  const n = user.apps.length;
  const body = [
    `Hello,`,
    ``,
    `You have ${n === 1 ? 'a long-running app' : `${n} long-running apps`} in the SageMaker Studio domain ${domainName} (${user.name.includes(', ') ? 'profiles' : 'profile'} ${user.name}):`,
    ``,
    ...user.apps.map(appLine),
    ``,
    `Together they have cost ${totalOf(user.apps)} so far, and keep costing money until stopped.`,
    ``,
    `To stop them:`,
    `  - in Studio, open the Studio for Teams panel, Cost section, and press Stop on each app; or`,
    `  - on your laptop, run: sm-studio down`,
    ``,
    `If you still need them, you can ignore this message; you will be reminded while they run.`,
  ].join('\n');
  return {
    kind: 'user-reminder',
    to,
    cc: to === admin ? [] : [admin],
    subject: `You have ${n === 1 ? 'a long-running SageMaker Studio app' : `${n} long-running SageMaker Studio apps`}`,
    body,
    profile: user.name,
  };
}

export function spacesReport(spaces: Offender[], admin: string, domainName: string): PoliceEmail {
  const lines = spaces.flatMap((s) => [
    `Space ${s.name}${s.owner ? ` (owner ${s.owner})` : ''}:`,
    ...s.apps.map(appLine),
  ]);
  const n = spaces.reduce((k, s) => k + s.apps.length, 0);
  return {
    kind: 'spaces',
    to: admin,
    cc: [],
    subject: `${n} long-running app${n === 1 ? '' : 's'} in SageMaker Studio spaces`,
    body: [
      `Long-running apps in shared spaces of the domain ${domainName}:`,
      ``,
      ...lines,
      ``,
      `To stop a space's apps: sm-studio down --space <name>, or Stop in the Studio for Teams panel.`,
    ].join('\n'),
  };
}

export interface Undeliverable {
  profile: string;
  /** The address tried, or undefined when the profile has none. */
  address: string | undefined;
  reason: string;
}

export function undeliverableNotice(failures: Undeliverable[], admin: string): PoliceEmail {
  return {
    kind: 'undeliverable',
    to: admin,
    cc: [],
    subject: `Unable to send ${failures.length} SageMaker Studio reminder${failures.length === 1 ? '' : 's'}`,
    body: [
      `These users have long-running apps but their reminder could not be sent:`,
      ``,
      ...failures.map((f) => `  - ${f.address ?? `(no address for profile ${f.profile})`}: ${f.reason}`),
      ``,
      `An address that is not verified in SES receives nothing while the account is in the SES sandbox:`,
      `ask the user to click the link in the verification email AWS sent them.`,
    ].join('\n'),
  };
}
