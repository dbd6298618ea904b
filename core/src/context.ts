import type { LongRunningRules } from '@studio-teams/schema';
import { DEFAULT_LONG_RUNNING_RULES } from '@studio-teams/schema/plain';
import type { StudioClients } from './aws/clients';
import { type Domain, domainTags, type DomainTags, findDomain, type LookupPlace } from './domain';

/**
 * What every Studio operation needs: the clients, the domain they act on, its tags (read once, only
 * when an operation needs them), a clock and the long-running rules. Tests build one by hand.
 */
export interface StudioContext {
  clients: StudioClients;
  domain: Domain;
  tags(): Promise<DomainTags>;
  now(): Date;
  rules: LongRunningRules;
}

export interface ContextOptions {
  now?: () => Date;
  rules?: LongRunningRules;
}

export function contextFor(clients: StudioClients, domain: Domain, opts: ContextOptions = {}): StudioContext {
  let tags: Promise<DomainTags> | undefined;
  return {
    clients,
    domain,
    tags: () => {
      tags ??= domainTags(clients.sagemaker, domain);
      tags.catch(() => (tags = undefined));
      return tags;
    },
    now: opts.now ?? (() => new Date()),
    rules: opts.rules ?? DEFAULT_LONG_RUNNING_RULES,
  };
}

/** Finds the domain by name and returns a context for it. */
export async function connectDomain(
  clients: StudioClients,
  domainName: string,
  where: LookupPlace,
  opts: ContextOptions = {},
): Promise<StudioContext> {
  return contextFor(clients, await findDomain(clients.sagemaker, domainName, where), opts);
}
