import { createHash } from 'node:crypto';
import { PRICE_TABLE, type PriceTable } from '@studio-teams/schema';

/**
 * The emulated AWS Price List for AmazonSageMaker: schema's PRICE_TABLE turned into products of the
 * shape GetProducts returns, so a client is tested against what AWS really sends.
 *
 * Where the shape comes from (public material, not AWS's own schema, which is undocumented):
 * - `productFamily: "ML Instance"`, and the attributes `instanceName` (plain `ml.*` type),
 *   `instanceType` (the same, or suffixed as in `ml.g7e.2xlarge-hosting` for non-Studio SKUs),
 *   `platoinstancename` (the family, `m5`), `platoinstancetype` (`Studio-JupyterLab`,
 *   `studio-codeeditor`, `Studio-Notebook` for classic Studio, `Notebook`, `Hosting`, …), `component`,
 *   `regionCode`, `location`, `locationType: "AWS Region"`, `usagetype`, `operation`: the
 *   ec2instances.info scraper (vantage-sh, `sagemaker.py` and its Go successor), which reads every
 *   AmazonSageMaker SKU, and scripts that query GetProducts with
 *   `platoinstancetype=Studio-JupyterLab` or `component=studio-jupyterlab`.
 * - Usage types `USE1-Studio:JupyterLab-ml.t3.medium`, `USE1-Studio:CodeEditor-ml.m5.large`,
 *   `USE1-Studio:KernelGateway-ml.m5.large` (classic Studio), `USE1-Notebk:ml.t3.medium` (notebook
 *   instances), `USE1-Studio:VolumeUsage.gp3` (space storage): Cost Explorer and CUR write-ups and
 *   the savings-plan rates (`discountedUsageType`) that name them.
 * - `terms.OnDemand.<sku>.<offerTermCode>.priceDimensions.<rateCode>.pricePerUnit.USD`, unit `Hrs`,
 *   the on-demand term code `JRTCKXETXF` and dimension code `6YS6EN2CT7`: the Price List's offer
 *   file format, shared by every service.
 * Hardware attributes (vCpu, memory, gpu) are left out: nothing here reads them.
 */

/**
 * Where the emulated Price List differs from PRICE_TABLE, so a test can tell the API's figure from
 * the table's: a changed price, and a type the table does not know at all.
 */
export const PRICE_LIST_DIFFERENCES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'us-east-1': {
    'ml.g5.xlarge': 1.41, // the table says 1.408
    'ml.g6.xlarge': 0.8048, // not in the table
  },
};

/** The Price List's region prefix of usage types (us-east-1 has `USE1`, eu-west-1 plain `EU`). */
const USAGE_PREFIX: Readonly<Record<string, string>> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-1': 'USW1',
  'us-west-2': 'USW2',
  'ca-central-1': 'CAN1',
  'eu-west-1': 'EU',
  'eu-west-2': 'EUW2',
  'eu-west-3': 'EUW3',
  'eu-central-1': 'EUC1',
  'eu-north-1': 'EUN1',
  'ap-south-1': 'APS3',
  'ap-southeast-1': 'APS1',
  'ap-southeast-2': 'APS2',
  'ap-northeast-1': 'APN1',
  'ap-northeast-2': 'APN2',
  'sa-east-1': 'SAE1',
};

const LOCATION: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
};

export const ON_DEMAND_TERM = 'JRTCKXETXF';
const HOURLY_DIMENSION = '6YS6EN2CT7';
const PUBLISHED = '2026-11-01T00:00:00Z';

/** One SKU: what filters match on, and the JSON string GetProducts returns for it. */
export interface CatalogueProduct {
  sku: string;
  serviceCode: string;
  productFamily: string;
  attributes: Readonly<Record<string, string>>;
  json: string;
}

/**
 * The kinds of product seeded per instance type. The three Studio ones carry the table's price; the
 * notebook-instance and hosting SKUs are decoys with other prices, as in the real list, where one
 * instance type has a dozen SKUs (training, hosting, processing…) with different figures.
 */
const KINDS = [
  {
    label: 'Studio JupyterLab',
    usage: (p: string, t: string) => `${p}-Studio:JupyterLab-${t}`,
    platoinstancetype: 'Studio-JupyterLab',
    component: 'studio-jupyterlab',
    instanceType: (t: string) => t,
    factor: 1,
  },
  {
    label: 'Studio Code Editor',
    usage: (p: string, t: string) => `${p}-Studio:CodeEditor-${t}`,
    platoinstancetype: 'studio-codeeditor',
    component: 'studio-codeeditor',
    instanceType: (t: string) => t,
    factor: 1,
  },
  {
    label: 'Studio Notebook',
    usage: (p: string, t: string) => `${p}-Studio:KernelGateway-${t}`,
    platoinstancetype: 'Studio-Notebook',
    component: 'Studio-Notebook',
    instanceType: (t: string) => t,
    factor: 1,
  },
  {
    label: 'Notebook Instance',
    usage: (p: string, t: string) => `${p}-Notebk:${t}`,
    platoinstancetype: 'Notebook',
    component: 'Notebook',
    instanceType: (t: string) => t,
    factor: 1.15,
  },
  {
    label: 'Hosting',
    usage: (p: string, t: string) => `${p}-Host:${t}`,
    platoinstancetype: 'Hosting',
    component: 'Hosting',
    instanceType: (t: string) => `${t}-hosting`,
    factor: 1.4,
  },
] as const;

/** A stable 16-character SKU, shaped like AWS's, from what identifies the product. */
const skuOf = (usagetype: string): string =>
  createHash('sha256')
    .update(usagetype)
    .digest('base64')
    .replace(/[^A-Z0-9]/gi, '')
    .toUpperCase()
    .slice(0, 16);

/** USD as the Price List writes it: a string with ten decimals. */
const usd = (n: number): string => n.toFixed(10);

function product(
  sku: string,
  productFamily: string,
  attributes: Record<string, string>,
  price: { usd: number; unit: string; description: string },
): CatalogueProduct {
  const term = `${sku}.${ON_DEMAND_TERM}`;
  const item = {
    product: { productFamily, attributes, sku },
    serviceCode: 'AmazonSageMaker',
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: {
            [`${term}.${HOURLY_DIMENSION}`]: {
              unit: price.unit,
              endRange: 'Inf',
              description: price.description,
              appliesTo: [],
              rateCode: `${term}.${HOURLY_DIMENSION}`,
              beginRange: '0',
              pricePerUnit: { USD: usd(price.usd) },
            },
          },
          sku,
          effectiveDate: PUBLISHED,
          offerTermCode: ON_DEMAND_TERM,
          termAttributes: {},
        },
      },
    },
    version: PUBLISHED.replace(/\D/g, '').slice(0, 14),
    publicationDate: PUBLISHED,
  };
  return { sku, serviceCode: 'AmazonSageMaker', productFamily, attributes, json: JSON.stringify(item) };
}

/** Every product of the emulated list, sorted by SKU (the order pages are cut in). */
export function buildCatalogue(
  table: PriceTable = PRICE_TABLE,
  differences: typeof PRICE_LIST_DIFFERENCES = PRICE_LIST_DIFFERENCES,
): CatalogueProduct[] {
  const products: CatalogueProduct[] = [];
  const regions = new Set([...Object.keys(table.regions), ...Object.keys(differences)]);
  for (const region of regions) {
    const prefix = USAGE_PREFIX[region] ?? region.toUpperCase();
    const location = LOCATION[region] ?? region;
    const common = {
      servicecode: 'AmazonSageMaker',
      servicename: 'Amazon SageMaker',
      location,
      locationType: 'AWS Region',
      regionCode: region,
    };
    const prices = { ...table.regions[region], ...differences[region] };
    for (const [instance, price] of Object.entries(prices)) {
      // `system` is the free instance of classic Studio's JupyterServer: AWS lists no SKU for it.
      if (instance === 'system' || !(price > 0)) continue;
      for (const kind of KINDS) {
        const usagetype = kind.usage(prefix, instance);
        const figure = Math.round(price * kind.factor * 10_000) / 10_000;
        products.push(
          product(
            skuOf(usagetype),
            'ML Instance',
            {
              ...common,
              usagetype,
              operation: 'RunInstance',
              instanceName: instance,
              instanceType: kind.instanceType(instance),
              platoinstancename: instance.split('.')[1] ?? '',
              platoinstancetype: kind.platoinstancetype,
              component: kind.component,
            },
            {
              usd: figure,
              unit: 'Hrs',
              description: `$${figure} per ${kind.label} ${instance} hour in ${location}`,
            },
          ),
        );
      }
    }
    // The space's EBS volume: another product family, which a filter on ML Instance leaves out.
    const volume = `${prefix}-Studio:VolumeUsage.gp3`;
    products.push(
      product(
        skuOf(volume),
        'Storage',
        { ...common, usagetype: volume, operation: '', volumeType: 'General Purpose-GP3' },
        {
          usd: 0.112,
          unit: 'GB-Mo',
          description: `$0.112 per GB-month of Studio gp3 storage in ${location}`,
        },
      ),
    );
  }
  return products.sort((a, b) => a.sku.localeCompare(b.sku));
}
