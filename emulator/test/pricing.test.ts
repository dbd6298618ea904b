import { GetProductsCommand, PricingClient, type Filter } from '@aws-sdk/client-pricing';
import { PRICE_TABLE } from '@studio-teams/schema';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { buildCatalogue, PRICE_LIST_DIFFERENCES } from '../src/pricing/catalogue';
import { clientConfig, failure, tempDir } from './support/harness';

/** The Price List API as a client sees it: the real SDK over HTTP, every answer held to botocore. */
describe('AWSPriceListService.GetProducts', () => {
  const sandbox = tempDir();
  let emulator: RunningEmulator;
  let pricing: PricingClient;
  beforeAll(async () => {
    emulator = await startEmulator({ sandboxDir: sandbox.path, strict: true });
    pricing = new PricingClient(clientConfig(emulator.url, { maxAttempts: 1 }));
  });
  afterAll(async () => {
    pricing.destroy();
    await emulator.close();
    sandbox.remove();
  });
  afterEach(() => emulator.setFaults({ throttleRate: 0, errorRate: 0 }));

  const studioFilters = (region = 'us-east-1'): Filter[] => [
    { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
    { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
  ];

  async function allPages(filters: Filter[], maxResults?: number) {
    const items: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await pricing.send(
        new GetProductsCommand({
          ServiceCode: 'AmazonSageMaker',
          Filters: filters,
          FormatVersion: 'aws_v1',
          ...(maxResults !== undefined ? { MaxResults: maxResults } : {}),
          ...(token !== undefined ? { NextToken: token } : {}),
        }),
      );
      expect(out.FormatVersion).toBe('aws_v1');
      items.push(...((out.PriceList ?? []) as unknown[]).map((i) => String(i)));
      token = out.NextToken;
      pages++;
    } while (token !== undefined);
    return { items, pages };
  }

  const parsed = (items: string[]) =>
    items.map(
      (i) =>
        JSON.parse(i) as {
          product: { productFamily: string; sku: string; attributes: Record<string, string> };
          terms: {
            OnDemand: Record<
              string,
              { priceDimensions: Record<string, { unit: string; pricePerUnit: { USD: string } }> }
            >;
          };
        },
    );

  it('pages through every ML Instance SKU of a region, each a JSON string of AWS shape', async () => {
    const { items, pages } = await allPages(studioFilters());
    const expected = buildCatalogue().filter(
      (p) => p.productFamily === 'ML Instance' && p.attributes['regionCode'] === 'us-east-1',
    );
    expect(items).toHaveLength(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    const docs = parsed(items);
    expect(new Set(docs.map((d) => d.product.sku)).size).toBe(items.length);
    const lab = docs.find((d) => d.product.attributes['usagetype'] === 'USE1-Studio:JupyterLab-ml.t3.medium');
    expect(lab?.product).toMatchObject({
      productFamily: 'ML Instance',
      attributes: {
        servicecode: 'AmazonSageMaker',
        regionCode: 'us-east-1',
        location: 'US East (N. Virginia)',
        locationType: 'AWS Region',
        instanceName: 'ml.t3.medium',
        platoinstancetype: 'Studio-JupyterLab',
      },
    });
    const [term] = Object.values(lab!.terms.OnDemand);
    const [dimension] = Object.values(term!.priceDimensions);
    expect(dimension).toMatchObject({ unit: 'Hrs', pricePerUnit: { USD: '0.0500000000' } });
    expect(emulator.violations()).toEqual([]);
  });

  it('differs from the table where PRICE_LIST_DIFFERENCES says, and only there', async () => {
    const { items } = await allPages([
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
      { Type: 'TERM_MATCH', Field: 'platoinstancetype', Value: 'Studio-JupyterLab' },
    ]);
    const byType = new Map(
      parsed(items).map((d) => {
        const [term] = Object.values(d.terms.OnDemand);
        const [dimension] = Object.values(term!.priceDimensions);
        return [d.product.attributes['instanceName'], Number(dimension!.pricePerUnit.USD)];
      }),
    );
    const table = PRICE_TABLE.regions['us-east-1']!;
    const differences = PRICE_LIST_DIFFERENCES['us-east-1']!;
    expect(byType.get('ml.g5.xlarge')).toBe(1.41);
    expect(table['ml.g5.xlarge']).toBe(1.408);
    expect(byType.get('ml.g6.xlarge')).toBe(0.8048);
    expect(table['ml.g6.xlarge']).toBeUndefined();
    for (const [type, price] of Object.entries(table)) {
      if (type === 'system') expect(byType.has(type)).toBe(false);
      else expect(byType.get(type)).toBe(differences[type] ?? price);
    }
  });

  it('matches TERM_MATCH filters on whole values, on attributes and on productFamily', async () => {
    const one = await allPages([
      { Type: 'TERM_MATCH', Field: 'usagetype', Value: 'USE1-Studio:CodeEditor-ml.m5.large' },
    ]);
    expect(one.items).toHaveLength(1);
    expect(parsed(one.items)[0]!.product.attributes['platoinstancetype']).toBe('studio-codeeditor');
    // Exact values only: part of a value, or another casing, matches nothing.
    expect(
      (await allPages([{ Type: 'TERM_MATCH', Field: 'usagetype', Value: 'USE1-Studio' }])).items,
    ).toEqual([]);
    expect(
      (await allPages([{ Type: 'TERM_MATCH', Field: 'platoinstancetype', Value: 'studio-jupyterlab' }]))
        .items,
    ).toEqual([]);
    const storage = await allPages([{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Storage' }]);
    expect(parsed(storage.items).map((d) => d.product.attributes['usagetype'])).toEqual([
      'USE1-Studio:VolumeUsage.gp3',
    ]);
    // A region the list has no products for is an empty answer, not an error.
    expect((await allPages(studioFilters('eu-west-1'))).items).toEqual([]);
  });

  it('honours MaxResults, and a NextToken continues only the query it came from', async () => {
    const small = await allPages(studioFilters(), 7);
    const whole = await allPages(studioFilters());
    expect(small.items).toEqual(whole.items);
    expect(small.pages).toBe(Math.ceil(whole.items.length / 7));

    const first = await pricing.send(
      new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', Filters: studioFilters(), MaxResults: 5 }),
    );
    const other = await failure(() =>
      pricing.send(
        new GetProductsCommand({
          ServiceCode: 'AmazonSageMaker',
          Filters: studioFilters('ap-south-1'),
          NextToken: first.NextToken!,
        }),
      ),
    );
    expect(other.name).toBe('InvalidNextTokenException');
    const garbage = await failure(() =>
      pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', NextToken: 'not-a-token' })),
    );
    expect(garbage.name).toBe('InvalidNextTokenException');
  });

  it('refuses what AWS refuses, with the model’s error codes', async () => {
    const unknown = await failure(() => pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonEC2' })));
    expect(unknown.name).toBe('NotFoundException');
    const format = await failure(() =>
      pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', FormatVersion: 'aws_v2' })),
    );
    expect(format.name).toBe('InvalidParameterException');
    const tooMany = await failure(() =>
      pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', MaxResults: 101 })),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/maxResults/);
    expect(emulator.violations()).toEqual([]);
  });

  it('is faulted like every other service, and counted', async () => {
    emulator.resetCalls();
    emulator.setFaults({ throttleRate: 1 });
    const throttled = await failure(() =>
      pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker' })),
    );
    expect(throttled.name).toBe('ThrottlingException');
    emulator.setFaults({ throttleRate: 0, errorRate: 1, seed: 1 });
    const failed = await failure(() =>
      pricing.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker' })),
    );
    expect(['InternalFailure', 'ServiceUnavailable']).toContain(failed.name);
    expect(emulator.calls()['AWSPriceListService.GetProducts']).toBe(2);
  });
});
