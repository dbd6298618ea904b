import {
  GetIdentityVerificationAttributesCommand,
  SendEmailCommand,
  type SESClient,
} from '@aws-sdk/client-ses';
import type { PoliceEmail } from './messages';

/** SES takes at most 100 identities per GetIdentityVerificationAttributes call. */
const IDENTITIES_PER_CALL = 100;

/**
 * Which of `addresses` SES will deliver to while the account is in the sandbox: an address is
 * verified itself or through its domain. One call per 100 identities.
 */
export async function verifiedAddresses(ses: SESClient, addresses: readonly string[]): Promise<Set<string>> {
  const domains = addresses.map((a) => a.split('@')[1] ?? '').filter(Boolean);
  const identities = [...new Set([...addresses, ...domains])];
  const verified = new Set<string>();
  for (let i = 0; i < identities.length; i += IDENTITIES_PER_CALL) {
    const out = await ses.send(
      new GetIdentityVerificationAttributesCommand({
        Identities: identities.slice(i, i + IDENTITIES_PER_CALL),
      }),
    );
    for (const [identity, attrs] of Object.entries(out.VerificationAttributes ?? {})) {
      if (attrs.VerificationStatus === 'Success') verified.add(identity.toLowerCase());
    }
  }
  return new Set(
    addresses.filter(
      (a) => verified.has(a.toLowerCase()) || verified.has((a.split('@')[1] ?? '').toLowerCase()),
    ),
  );
}

/** Errors SES raises for this message (bad or unverified address), as opposed to for the call. */
const REJECTIONS = new Set([
  'MessageRejected',
  'InvalidParameterValue',
  'MailFromDomainNotVerifiedException',
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
]);

export type SendOutcome = { ok: true; messageId: string } | { ok: false; reason: string };

/**
 * One SendEmail. Throttling and 5xx are retried by the client (core's retry settings: 8 attempts with
 * backoff); a rejection of the message itself is returned, so the caller can tell the admin.
 */
export async function sendEmail(ses: SESClient, from: string, email: PoliceEmail): Promise<SendOutcome> {
  try {
    const out = await ses.send(
      new SendEmailCommand({
        Source: from,
        Destination: { ToAddresses: [email.to], ...(email.cc.length > 0 ? { CcAddresses: email.cc } : {}) },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.body, Charset: 'UTF-8' } },
        },
      }),
    );
    return { ok: true, messageId: out.MessageId ?? '' };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (REJECTIONS.has(name)) return { ok: false, reason: `${name}: ${(err as Error).message}` };
    throw err;
  }
}
