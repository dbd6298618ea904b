import { ListDomainsCommand, ListTagsCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { DomainRef } from '@studio-teams/schema';
import { DOMAIN_TAGS } from '@studio-teams/schema/plain';
import { UserError } from './errors';
import { allPages, PAGE_SIZE } from './pagination';

/** A Studio domain found by name, with what the rest of core needs to address it. */
export interface Domain {
  id: string;
  name: string;
  arn: string;
  region: string;
}

/** Where we looked, so "not found" can say which profile and region to change. */
export interface LookupPlace {
  region: string;
  profile?: string | undefined;
  /** Used instead of the profile name when credentials did not come from a profile. */
  credentialSource?: string | undefined;
}

/** Finds the domain named `name` via ListDomains (every page): names are unique per account and region. */
export async function findDomain(
  sagemaker: SageMakerClient,
  name: string,
  where: LookupPlace,
): Promise<Domain> {
  const domains = await allPages(async (NextToken) => {
    const out = await sagemaker.send(new ListDomainsCommand({ NextToken, MaxResults: PAGE_SIZE }));
    return { items: out.Domains, nextToken: out.NextToken };
  });
  const found = domains.find((d) => d.DomainName === name && d.Status !== 'Deleting');
  if (found?.DomainId && found.DomainArn) {
    return { id: found.DomainId, name, arn: found.DomainArn, region: where.region };
  }
  const here = domains.map((d) => d.DomainName).filter((n): n is string => Boolean(n));
  const who = where.profile
    ? `in profile ${where.profile}`
    : `for ${where.credentialSource ?? 'these credentials'}`;
  throw new UserError(
    `no domain named ${name} ${who}, region ${where.region}; ` +
      (here.length > 0 ? `domains here: ${here.join(', ')}` : 'there are no Studio domains here') +
      ' (pass --domain, --profile or --region)',
  );
}

export type DomainTags = Record<string, string>;

/** Every tag on the domain (the CDK app records the usage report and bastion there). */
export async function domainTags(
  sagemaker: SageMakerClient,
  domain: Pick<Domain, 'arn'>,
): Promise<DomainTags> {
  const tags = await allPages(async (NextToken) => {
    const out = await sagemaker.send(
      new ListTagsCommand({ ResourceArn: domain.arn, NextToken, MaxResults: 100 }),
    );
    return { items: out.Tags, nextToken: out.NextToken };
  });
  const byKey: DomainTags = {};
  for (const t of tags) if (t.Key !== undefined) byKey[t.Key] = t.Value ?? '';
  return byKey;
}

/** The account a domain lives in, from its ARN (`arn:aws:sagemaker:<region>:<account>:domain/<id>`). */
export const accountOf = (d: Pick<Domain, 'arn'>): string | undefined => d.arn.split(':')[4] || undefined;
export const bastionInstanceId = (tags: DomainTags): string | undefined =>
  tags[DOMAIN_TAGS.bastionInstanceId] || undefined;

export const domainRef = (d: Domain): DomainRef => ({ id: d.id, name: d.name, region: d.region });
