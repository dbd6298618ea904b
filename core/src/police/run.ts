import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SESClient } from '@aws-sdk/client-ses';
import type { LongRunningRules } from '@studio-teams/schema';
import { forEachLimited } from '../concurrency';
import { type AddressBook, addressOf } from './address-book';
import { findLongRunning, type Offender, type Sweep } from './find-long-running';
import {
  type PoliceEmail,
  spacesReport,
  type Undeliverable,
  undeliverableNotice,
  userReminder,
} from './messages';
import { sendEmail, verifiedAddresses } from './ses';

export interface PoliceClients {
  sagemaker: SageMakerClient;
  ses: SESClient;
}

export interface PoliceOptions {
  domainId: string;
  domainName: string;
  region: string;
  rules: LongRunningRules;
  /** Sender of every email and CC of every reminder; must be verified in SES. */
  adminEmail: string;
  addressBook: AddressBook;
  /** In the SES sandbox only verified recipients get mail: check first, tell the admin about the rest. */
  sesSandbox: boolean;
  /** Send nothing; return what would be sent. */
  dryRun: boolean;
  now?: Date;
}

export interface PoliceResult {
  dryRun: boolean;
  /** Every email sent, or in a dry run every email that would be. */
  emails: PoliceEmail[];
  /** Reminders that could not be delivered (and were reported to the admin). */
  undeliverable: Undeliverable[];
  counted: Sweep['counted'] & { longRunningApps: number };
}

/** SendEmail calls in flight at once: SES accounts start at 14 per second. */
export const SEND_CONCURRENCY = 4;

/**
 * The police: finds every long-running app of the domain and writes one email per user listing theirs
 * (the admin in CC), one email to the admin about spaces, and one notice to the admin naming every
 * address SES would not take and why. Each person is written to at most once per run.
 */
export async function runPolice(clients: PoliceClients, opts: PoliceOptions): Promise<PoliceResult> {
  const now = opts.now ?? new Date();
  const sweep = await findLongRunning(clients.sagemaker, {
    domainId: opts.domainId,
    region: opts.region,
    rules: opts.rules,
    now,
  });
  const admin = opts.adminEmail;
  const undeliverable: Undeliverable[] = [];
  // One email per address: a person with two profiles (or a profile whose fallback address is a
  // listed person's) hears about all of them at once, never twice.
  const byAddress = new Map<string, { address: string; users: Offender[] }>();
  for (const user of sweep.users) {
    const address = addressOf(opts.addressBook, user.name);
    if (!address) {
      undeliverable.push({
        profile: user.name,
        address,
        reason: 'no email address is known for this profile',
      });
      continue;
    }
    const key = address.toLowerCase();
    const entry = byAddress.get(key) ?? { address, users: [] };
    entry.users.push(user);
    byAddress.set(key, entry);
  }
  const reminders = [...byAddress.values()].map(({ address, users }) => {
    const user: Offender =
      users.length === 1
        ? users[0]!
        : {
            kind: 'user',
            name: users.map((u) => u.name).join(', '),
            apps: users.flatMap((u) => u.apps).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
          };
    return userReminder(user, address, admin, opts.domainName);
  });

  let deliverable = reminders;
  if (opts.sesSandbox && reminders.length > 0) {
    const verified = await verifiedAddresses(clients.ses, [...new Set(reminders.map((r) => r.to))]);
    deliverable = reminders.filter((r) => verified.has(r.to));
    for (const r of reminders.filter((x) => !verified.has(x.to))) {
      undeliverable.push({
        profile: r.profile ?? '',
        address: r.to,
        reason: 'the address is not verified in SES (the account is in the SES sandbox)',
      });
    }
  }

  const emails: PoliceEmail[] = [];
  const send = async (email: PoliceEmail): Promise<boolean> => {
    if (opts.dryRun) {
      emails.push(email);
      return true;
    }
    const outcome = await sendEmail(clients.ses, admin, email);
    if (outcome.ok) emails.push(email);
    else if (email.kind === 'user-reminder')
      undeliverable.push({ profile: email.profile ?? '', address: email.to, reason: outcome.reason });
    return outcome.ok;
  };

  await forEachLimited(deliverable, SEND_CONCURRENCY, async (email) => {
    await send(email);
  });
  if (sweep.spaces.length > 0) await send(spacesReport(sweep.spaces, admin, opts.domainName));
  if (undeliverable.length > 0) {
    undeliverable.sort((a, b) => a.profile.localeCompare(b.profile));
    await send(undeliverableNotice(undeliverable, admin));
  }
  const longRunningApps = [...sweep.users, ...sweep.spaces].reduce((n, o) => n + o.apps.length, 0);
  return { dryRun: opts.dryRun, emails, undeliverable, counted: { ...sweep.counted, longRunningApps } };
}
