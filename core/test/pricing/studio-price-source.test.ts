import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../src/aws/clients';
import { fetchRegionPrices } from '../../src/pricing/fetch-prices';
import { priceListRegionFor, pricingEndpoint } from '../../src/pricing/pricing-client';
import { createStudioPriceSource } from '../../src/pricing/studio-price-source';
import { studioItems } from './fixtures';

/** Stands in for the Price List API over HTTP: records each call, answers from a script. */
async function fakePriceList(answer: (body: Record<string, unknown>, n: number) => [number, unknown]) {
  const calls: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ headers: req.headers, body });
      const [status, json] = answer(body, calls.length);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const PAGES = [
  [...studioItems('ml.t3.medium', '0.0500000000'), ...studioItems('ml.g5.xlarge', '1.4100000000')],
  studioItems('ml.g6.xlarge', '0.8048000000'),
];

const pagedAnswer = (body: Record<string, unknown>): [number, unknown] => {
  const page = body['NextToken'] === 'page-2' ? 1 : 0;
  return [
    200,
    { FormatVersion: 'aws_v1', PriceList: PAGES[page], ...(page === 0 ? { NextToken: 'page-2' } : {}) },
  ];
};

const baseEnv = {
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_REGION: 'us-east-1',
  HOME: '/nonexistent',
  // Two attempts: enough to see a retry, short enough for a test of throttling.
  AWS_MAX_ATTEMPTS: '2',
};

function priceSourceAt(env: Record<string, string>) {
  const aws = createClients({ env });
  return createStudioPriceSource({ env, aws: async () => aws });
}

describe('the Price List API client', () => {
  it('asks the API region nearest the priced region', () => {
    expect(priceListRegionFor('us-west-2')).toBe('us-east-1');
    expect(priceListRegionFor('ca-central-1')).toBe('us-east-1');
    expect(priceListRegionFor('eu-west-1')).toBe('eu-central-1');
    expect(priceListRegionFor('ap-northeast-1')).toBe('ap-south-1');
    expect(priceListRegionFor('me-south-1')).toBe('ap-south-1');
  });

  it('honours the endpoint overrides the other clients honour', () => {
    expect(pricingEndpoint({})).toBeUndefined();
    expect(pricingEndpoint({ AWS_ENDPOINT_URL: 'http://a' })).toBe('http://a');
    expect(pricingEndpoint({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_PRICING: 'http://p' })).toBe(
      'http://p',
    );
    expect(
      pricingEndpoint({ AWS_ENDPOINT_URL: 'http://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).toBeUndefined();
  });

  it('pages through one query per region: regionCode and productFamily filters, 100 a page', async () => {
    const mock = mockClient(PricingClient);
    try {
      mock
        .on(GetProductsCommand, { NextToken: undefined })
        .resolves({ PriceList: PAGES[0], NextToken: 'page-2' })
        .on(GetProductsCommand, { NextToken: 'page-2' })
        .resolves({ PriceList: PAGES[1] });
      const prices = await fetchRegionPrices(new PricingClient({ region: 'us-east-1' }), 'us-east-1');
      expect(Object.keys(prices).sort()).toEqual(['ml.g5.xlarge', 'ml.g6.xlarge', 'ml.t3.medium']);
      const inputs = mock.commandCalls(GetProductsCommand).map((c) => c.args[0].input);
      expect(inputs).toHaveLength(2);
      expect(inputs[0]).toEqual({
        ServiceCode: 'AmazonSageMaker',
        FormatVersion: 'aws_v1',
        MaxResults: 100,
        Filters: [
          { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
          { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
        ],
      });
      expect(inputs[1]).toMatchObject({ NextToken: 'page-2' });
    } finally {
      mock.restore();
    }
  });

  it('stops a query that never ends', async () => {
    const mock = mockClient(PricingClient);
    try {
      mock.on(GetProductsCommand).resolves({ PriceList: [], NextToken: 'again' });
      await expect(
        fetchRegionPrices(new PricingClient({ region: 'us-east-1' }), 'us-east-1', { maxPages: 3 }),
      ).rejects.toThrow(/more than 3 pages/);
      expect(mock.commandCalls(GetProductsCommand)).toHaveLength(3);
    } finally {
      mock.restore();
    }
  });
});

describe('createStudioPriceSource over HTTP', () => {
  it('fetches from AWS_ENDPOINT_URL_PRICING, signed for `pricing` in the API region nearest the priced one', async () => {
    const api = await fakePriceList(pagedAnswer);
    const source = priceSourceAt({
      ...baseEnv,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_PRICING: api.url,
    });
    try {
      expect(await source.refresh('us-east-1')).toBe(true);
      expect(api.calls).toHaveLength(2);
      expect(api.calls[0]?.headers['x-amz-target']).toBe('AWSPriceListService.GetProducts');
      expect(api.calls[0]?.headers.authorization).toMatch(/Credential=AKIDTEST\/\d{8}\/us-east-1\/pricing\//);
      expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
        pricePerHour: 1.41,
        source: 'api',
      });
      expect(source.quote('us-east-1', 'ml.g6.xlarge', 'JupyterLab')).toEqual({
        pricePerHour: 0.8048,
        source: 'api',
      });

      // Tokyo is priced by the Mumbai endpoint; the priced region is a filter of the query.
      await source.refresh('ap-northeast-1');
      const tokyo = api.calls.slice(2);
      expect(tokyo[0]?.headers.authorization).toMatch(/Credential=AKIDTEST\/\d{8}\/ap-south-1\/pricing\//);
      expect(tokyo[0]?.body['Filters']).toContainEqual({
        Type: 'TERM_MATCH',
        Field: 'regionCode',
        Value: 'ap-northeast-1',
      });
    } finally {
      await source.close();
      await api.close();
    }
  });

  it('retries a throttled call, and uses what came back', async () => {
    const api = await fakePriceList((body, n) =>
      n === 1 ? [400, { __type: 'ThrottlingException', Message: 'Rate exceeded' }] : pagedAnswer(body),
    );
    const source = priceSourceAt({ ...baseEnv, AWS_ENDPOINT_URL: api.url });
    try {
      expect(await source.refresh('us-east-1')).toBe(true);
      expect(api.calls).toHaveLength(3);
      expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab').source).toBe('api');
    } finally {
      await source.close();
      await api.close();
    }
  });

  it.each([
    [
      'throttled every time',
      400,
      { __type: 'ThrottlingException', Message: 'Rate exceeded' },
      /ThrottlingException/,
      2,
    ],
    [
      'failing with 5xx',
      500,
      { __type: 'InternalErrorException', Message: 'oops' },
      /InternalErrorException/,
      2,
    ],
    [
      'denied',
      400,
      { __type: 'AccessDeniedException', Message: 'not authorized to perform: pricing:GetProducts' },
      /AccessDenied/,
      1,
    ],
  ])(
    'falls back to the table when the API is %s, after the retries',
    async (_what, status, body, reason, attempts) => {
      const api = await fakePriceList(() => [status, body]);
      const source = priceSourceAt({ ...baseEnv, AWS_ENDPOINT_URL: api.url });
      try {
        expect(await source.refresh('us-east-1')).toBe(false);
        expect(api.calls).toHaveLength(attempts);
        expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
          pricePerHour: 1.408,
          source: 'table',
        });
        expect(source.status('us-east-1').lastError).toMatch(reason);
      } finally {
        await source.close();
        await api.close();
      }
    },
  );

  it('falls back to the table when the API cannot be reached at all', async () => {
    const gone = await fakePriceList(pagedAnswer);
    await gone.close(); // its port is now closed: connection refused
    const source = priceSourceAt({ ...baseEnv, AWS_ENDPOINT_URL: gone.url });
    try {
      expect(await source.refresh('us-east-1')).toBe(false);
      expect(source.quote('us-east-1', 'ml.g5.xlarge', 'JupyterLab')).toEqual({
        pricePerHour: 1.408,
        source: 'table',
      });
      expect(source.status('us-east-1').lastError).toMatch(/ECONNREFUSED/);
    } finally {
      await source.close();
    }
  });

  it('falls back to the table when there are no credentials to sign with', async () => {
    const source = createStudioPriceSource({
      env: baseEnv,
      aws: async () => {
        throw new Error('no Studio metadata');
      },
    });
    try {
      expect(await source.refresh('us-east-1')).toBe(false);
      expect(source.quote('us-east-1', 'ml.t3.medium', 'JupyterLab')).toEqual({
        pricePerHour: 0.05,
        source: 'table',
      });
    } finally {
      await source.close();
    }
  });
});
