import { Seed, parseWith, SchemaError } from '../src';

const minimal = {
  accountId: '123456789012',
  region: 'us-east-1',
  caller: 'jane.doe',
  bastionInstanceId: 'i-0123456789abcdef0',
  domains: [{ name: 'datascience', users: [{ person: 'jane.doe', email: 'jane.doe@example.com' }] }],
};

describe('parseWith', () => {
  it('fills defaults and returns typed data', () => {
    const seed = parseWith(Seed, minimal, 'seed');
    expect(seed.domains[0]?.apps).toEqual([]);
    expect(seed.domains[0]?.spaces).toEqual([]);
  });

  it('names the offending field by its path', () => {
    const bad = structuredClone(minimal) as Record<string, unknown> & typeof minimal;
    (bad.domains[0] as Record<string, unknown>).apps = [
      { user: 'jane-doe', type: 'KernelGateway', instanceType: 'large', ageHours: 1 },
    ];
    expect(() => parseWith(Seed, bad, 'seed file x.json')).toThrow(SchemaError);
    expect(() => parseWith(Seed, bad, 'seed file x.json')).toThrow(
      /seed file x.json is invalid:\n.*\/domains\/0\/apps\/0\/instanceType/,
    );
  });

  it('checks formats', () => {
    const bad = structuredClone(minimal);
    bad.domains[0]!.users[0]!.email = 'not-an-email';
    expect(() => parseWith(Seed, bad, 'seed')).toThrow(/\/domains\/0\/users\/0\/email/);
  });
});
