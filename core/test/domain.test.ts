import { ListDomainsCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { domainTags, findDomain } from '../src/domain';

const sm = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'eu-west-1' });
afterEach(() => sm.reset());
afterAll(() => sm.restore());

const domain = (n: number) => ({
  DomainId: `d-${n}`,
  DomainName: `domain${n}`,
  DomainArn: `arn:aws:sagemaker:eu-west-1:123456789012:domain/d-${n}`,
  Status: 'InService' as const,
});

describe('findDomain', () => {
  it('reads every page of ListDomains', async () => {
    sm.on(ListDomainsCommand)
      .resolvesOnce({ Domains: [domain(1), domain(2)], NextToken: 't1' })
      .resolvesOnce({ Domains: [domain(3)], NextToken: 't2' })
      .resolvesOnce({ Domains: [domain(4)] });
    await expect(findDomain(client, 'domain4', { region: 'eu-west-1' })).resolves.toEqual({
      id: 'd-4',
      name: 'domain4',
      arn: domain(4).DomainArn,
      region: 'eu-west-1',
    });
    const calls = sm.commandCalls(ListDomainsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { MaxResults: 100, NextToken: undefined },
      { MaxResults: 100, NextToken: 't1' },
      { MaxResults: 100, NextToken: 't2' },
    ]);
  });

  it('names the profile, the region and the domains that do exist', async () => {
    sm.on(ListDomainsCommand).resolves({ Domains: [domain(1), domain(2)] });
    await expect(
      findDomain(client, 'datascience', { region: 'eu-west-1', profile: 'sagemaker' }),
    ).rejects.toThrow(
      'no domain named datascience in profile sagemaker, region eu-west-1; domains here: domain1, domain2',
    );
  });

  it('says so when there are no domains at all', async () => {
    sm.on(ListDomainsCommand).resolves({ Domains: [] });
    await expect(
      findDomain(client, 'datascience', { region: 'eu-west-1', credentialSource: 'environment credentials' }),
    ).rejects.toThrow(/for environment credentials, region eu-west-1; there are no Studio domains here/);
  });
});

describe('domainTags', () => {
  it('collects every page of tags by key', async () => {
    sm.on(ListTagsCommand)
      .resolvesOnce({ Tags: [{ Key: 'a', Value: '1' }], NextToken: 'n' })
      .resolvesOnce({ Tags: [{ Key: 'studio-teams:bastion-instance-id', Value: 'i-0123456789abcdef0' }] });
    await expect(domainTags(client, { arn: 'arn:x' })).resolves.toEqual({
      a: '1',
      'studio-teams:bastion-instance-id': 'i-0123456789abcdef0',
    });
  });
});
