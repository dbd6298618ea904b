/**
 * The police Lambda: wires the function's environment and AWS clients to core's police and logs a
 * summary. Invoked by the schedule, or by hand with `{"dryRun": true}` to see what it would send.
 */
import { createClients, police } from '@studio-teams/core';
import { LongRunningRules, parseWith } from '@studio-teams/schema';

export interface PoliceEvent {
  /** Send nothing; return the emails that would be sent. */
  dryRun?: boolean;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`the police Lambda has no ${name} in its environment (redeploy the CDK app)`);
  return value;
}

export async function handler(event: PoliceEvent | null | undefined): Promise<police.PoliceResult> {
  const env = process.env;
  const { clients, settings } = createClients({ env });
  const ses = police.createSesClient({ region: settings.region, env });
  const rules = parseWith(LongRunningRules, JSON.parse(required(env, 'POLICE_RULES')), 'POLICE_RULES');
  const emailDomain = env.POLICE_EMAIL_DOMAIN || undefined;
  const addressBook = await police.readAddressBook(
    clients.s3,
    { bucket: required(env, 'POLICE_ADDRESS_BOOK_BUCKET'), key: required(env, 'POLICE_ADDRESS_BOOK_KEY') },
    emailDomain,
  );
  const result = await police.runPolice(
    { sagemaker: clients.sagemaker, ses },
    {
      domainId: required(env, 'POLICE_DOMAIN_ID'),
      domainName: required(env, 'POLICE_DOMAIN_NAME'),
      region: settings.region,
      rules,
      adminEmail: required(env, 'POLICE_ADMIN_EMAIL'),
      addressBook,
      sesSandbox: env.POLICE_SES_SANDBOX !== 'false',
      dryRun: event?.dryRun === true || env.POLICE_DRY_RUN === 'true',
    },
  );
  console.log(
    JSON.stringify({
      dryRun: result.dryRun,
      counted: result.counted,
      emails: result.emails.map((e) => ({ kind: e.kind, to: e.to, subject: e.subject })),
      undeliverable: result.undeliverable,
    }),
  );
  return result;
}
