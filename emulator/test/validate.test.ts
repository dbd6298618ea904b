import { findBotocoreDataDir } from '../src/contract/botocore-data';
import { loadServiceModel, serviceModelFrom, type Shape } from '../src/contract/model';
import { compilePattern } from '../src/contract/patterns';
import { validateShape } from '../src/contract/validate';

const shapes: Record<string, Shape> = {
  Request: {
    type: 'structure',
    required: ['Name'],
    members: {
      Name: { shape: 'Name' },
      Order: { shape: 'Order' },
      Count: { shape: 'Count' },
      Ratio: { shape: 'Ratio' },
      Enabled: { shape: 'Flag' },
      When: { shape: 'When' },
      Data: { shape: 'Data' },
      Items: { shape: 'Items' },
      Labels: { shape: 'Labels' },
      Secret: { shape: 'Name', sensitive: true },
      Choice: { shape: 'Choice' },
    },
  },
  Name: { type: 'string', min: 1, max: 8, pattern: '[a-z](-*[a-z0-9])*' },
  Order: { type: 'string', enum: ['Ascending', 'Descending'] },
  Count: { type: 'integer', min: 1, max: 100 },
  Ratio: { type: 'double', min: 0, max: 1 },
  Flag: { type: 'boolean' },
  When: { type: 'timestamp' },
  Data: { type: 'blob', max: 4 },
  Items: { type: 'list', member: { shape: 'Name' }, min: 1, max: 2 },
  Labels: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Count' }, max: 2 },
  Choice: { type: 'structure', union: true, members: { A: { shape: 'Name' }, B: { shape: 'Count' } } },
};
const model = serviceModelFrom('test', {
  metadata: { apiVersion: '2020-01-01', protocol: 'json', endpointPrefix: 'test', serviceId: 'Test' },
  operations: {},
  shapes,
});
const check = (value: unknown): string[] => validateShape(model, 'Request', value);

describe('validateShape', () => {
  it('accepts a conforming value, with null members counted as absent', () => {
    expect(
      check({
        Name: 'ab-c1',
        Order: 'Ascending',
        Count: 100,
        Ratio: 0.5,
        Enabled: false,
        When: 1700000000.5,
        Data: Buffer.from('abcd').toString('base64'),
        Items: ['a'],
        Labels: { a: 1 },
        Choice: { B: 3 },
        Secret: null,
      }),
    ).toEqual([]);
  });

  it('requires required members', () => {
    expect(check({})).toEqual(["Value null at 'name' failed to satisfy constraint: Member must not be null"]);
    expect(check({ Name: null })).toHaveLength(1);
  });

  it('rejects unknown members', () => {
    expect(check({ Name: 'a', Colour: 'red' })).toEqual([
      "Unknown member 'Colour': test's Request has no such member",
    ]);
  });

  it('checks types', () => {
    expect(check({ Name: 5 })).toEqual([
      "Value 5 at 'name' failed to satisfy constraint: Member must be a string",
    ]);
    expect(check({ Name: 'a', Count: 1.5 })[0]).toMatch(/at 'count'.*Member must be of type integer/);
    expect(check({ Name: 'a', Count: '3' })[0]).toMatch(/Member must be of type integer/);
    expect(check({ Name: 'a', Ratio: 'x' })[0]).toMatch(/Member must be of type double/);
    expect(check({ Name: 'a', Ratio: 'NaN' })).toEqual([]);
    expect(check({ Name: 'a', Enabled: 'yes' })[0]).toMatch(/Member must be a boolean/);
    expect(check({ Name: 'a', When: '2024-01-01' })[0]).toMatch(/Member must be a timestamp/);
    expect(check({ Name: 'a', Data: 'not base64!' })[0]).toMatch(/base64/);
    expect(check({ Name: 'a', Items: 'a' })[0]).toMatch(/Member must be a list/);
    expect(check({ Name: 'a', Labels: [] })[0]).toMatch(/Member must be a map/);
    expect(check('a')[0]).toMatch(/Member must be a structure/);
  });

  it('checks enums', () => {
    expect(check({ Name: 'a', Order: 'Sideways' })).toEqual([
      "Value 'Sideways' at 'order' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]",
    ]);
  });

  it('checks patterns against the whole value', () => {
    expect(check({ Name: 'ab--c' })).toEqual([]);
    expect(check({ Name: 'Ab' })).toEqual([
      "Value 'Ab' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z](-*[a-z0-9])*",
    ]);
    // Unanchored, `[a-z]…` would find a match inside "1ab"; botocore patterns must match it all.
    expect(check({ Name: '1ab' })).toHaveLength(1);
    expect(check({ Name: 'ab-' })).toHaveLength(1);
  });

  it('checks lengths, counts and ranges', () => {
    expect(check({ Name: '' })).toContain(
      "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(check({ Name: 'abcdefghi' })).toEqual([
      "Value 'abcdefghi' at 'name' failed to satisfy constraint: Member must have length less than or equal to 8",
    ]);
    expect(check({ Name: 'a', Count: 0 })[0]).toMatch(/Member must have value greater than or equal to 1/);
    expect(check({ Name: 'a', Count: 101 })[0]).toMatch(/Member must have value less than or equal to 100/);
    expect(check({ Name: 'a', Ratio: 1.5 })[0]).toMatch(/less than or equal to 1/);
    expect(check({ Name: 'a', Items: [] })[0]).toMatch(/at 'items'.*length greater than or equal to 1/);
    expect(check({ Name: 'a', Items: ['a', 'b', 'c'] })[0]).toMatch(/length less than or equal to 2/);
    expect(check({ Name: 'a', Labels: { a: 1, b: 2, c: 3 } })[0]).toMatch(/length less than or equal to 2/);
    expect(check({ Name: 'a', Data: Buffer.from('abcde').toString('base64') })[0]).toMatch(
      /less than or equal to 4/,
    );
  });

  it('names nested members as AWS does: lower camel case, list items as .N.member', () => {
    expect(check({ Name: 'a', Items: ['a', 'B'] })[0]).toMatch(/at 'items\.2\.member'/);
    expect(check({ Name: 'a', Labels: { a: 0 } })[0]).toMatch(/at 'labels\.a'/);
    expect(check({ Name: 'a', Labels: { B: 1 } })[0]).toMatch(/at 'labels\.key'/);
    expect(check({ Name: 'a', Items: [null] })[0]).toMatch(/'items\.1\.member'.*must not be null/);
  });

  it('hides sensitive values', () => {
    expect(check({ Name: 'a', Secret: 'TOP-SECRET' })[0]).toMatch(/^Value '\*\*\*' at 'secret'/);
  });

  it('wants exactly one member of a union', () => {
    expect(check({ Name: 'a', Choice: {} })[0]).toMatch(/exactly one of \[A, B\]/);
    expect(check({ Name: 'a', Choice: { A: 'a', B: 1 } })[0]).toMatch(/exactly one of/);
  });

  it('reports every problem at once', () => {
    expect(check({ Order: 'x', Count: -1 })).toHaveLength(3);
  });
});

describe('botocore patterns in JavaScript', () => {
  it('anchors and compiles in unicode mode', () => {
    const tag = compilePattern('([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)') as RegExp;
    expect(tag.flags).toContain('u');
    expect(tag.test('studio-teams:usage-report')).toBe(true);
    expect(tag.test('Zürich 2024')).toBe(true);
    expect(tag.test('semi;colon')).toBe(false);
  });

  it("translates Java spellings JavaScript's unicode mode rejects", () => {
    expect(compilePattern('[\\w+=,.@\\:-]*')?.test('a:b@c')).toBe(true);
    expect(compilePattern('^\\/[\\w\\.\\-\\:\\/]*$')?.test('/a.b-c:d/e')).toBe(true);
    expect(compilePattern('[\\w-\\/.@+=,]{1,5}')?.test('a-/b')).toBe(true);
    expect(compilePattern('arn:[\\p{Alnum}\\-]+:x')?.test('arn:aws-cn:x')).toBe(true);
    const anyCase = compilePattern('(?i)all|[0-9]{12}') as RegExp;
    expect(anyCase.test('ALL')).toBe(true);
    expect(anyCase.test('alle')).toBe(false);
  });

  it('gives up on patterns JavaScript cannot express, and the model lists them', () => {
    expect(compilePattern('([a-z]*)${1,128}')).toBeNull();
    const sagemaker = loadServiceModel(findBotocoreDataDir(), 'sagemaker');
    expect(sagemaker.skippedPatterns.join('\n')).toMatch(/CustomerMetadataKey/);
    const skipping = serviceModelFrom('t', {
      metadata: { apiVersion: '1', protocol: 'json', endpointPrefix: 't', serviceId: 'T' },
      operations: {},
      shapes: { S: { type: 'string', pattern: 'x${2}' } },
    });
    expect(skipping.skippedPatterns).toEqual(['S: x${2}']);
    // Unchecked, not failed: the value is judged by the remaining rules only.
    expect(validateShape(skipping, 'S', 'anything')).toEqual([]);
  });

  it('checks a real model: the SageMaker domain id', () => {
    const sagemaker = loadServiceModel(findBotocoreDataDir(), 'sagemaker');
    expect(validateShape(sagemaker, 'DescribeDomainRequest', { DomainId: 'd-abc123def456' })).toEqual([]);
    expect(validateShape(sagemaker, 'DescribeDomainRequest', { DomainId: 'x-1' })[0]).toMatch(
      /at 'domainId'.*regular expression pattern: d-\(-\*\[a-z0-9\]\)\{1,61\}/,
    );
    expect(validateShape(sagemaker, 'ListAppsRequest', { SortBy: 'Name' })[0]).toMatch(
      /enum value set: \[CreationTime\]/,
    );
  });
});
