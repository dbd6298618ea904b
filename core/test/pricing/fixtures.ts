/**
 * PriceList entries shaped as GetProducts returns them for AmazonSageMaker (see the comment at the
 * top of emulator/src/pricing/catalogue.ts for where the attribute names come from), written out by
 * hand so the parser is tested against the shape itself, not against our own emulator.
 */

export interface ItemOptions {
  region?: string;
  usagetype: string;
  instanceName?: string;
  instanceType?: string;
  platoinstancetype?: string;
  component?: string;
  productFamily?: string;
  usd?: string;
  unit?: string;
  sku?: string;
  /** Extra price dimensions of the same term, e.g. a second, different figure. */
  extraUsd?: string[];
}

export function priceListItem(o: ItemOptions): string {
  const sku =
    o.sku ??
    `SKU${o.usagetype
      .replace(/[^A-Z0-9]/gi, '')
      .slice(-12)
      .toUpperCase()}`;
  const term = `${sku}.JRTCKXETXF`;
  const dimension = (usd: string, i: number) => [
    `${term}.6YS6EN2CT${i}`,
    {
      unit: o.unit ?? 'Hrs',
      endRange: 'Inf',
      description: `$${usd} per hour`,
      appliesTo: [],
      rateCode: `${term}.6YS6EN2CT${i}`,
      beginRange: '0',
      pricePerUnit: { USD: usd },
    },
  ];
  const region = o.region ?? 'us-east-1';
  return JSON.stringify({
    product: {
      productFamily: o.productFamily ?? 'ML Instance',
      attributes: {
        regionCode: region,
        servicecode: 'AmazonSageMaker',
        usagetype: o.usagetype,
        locationType: 'AWS Region',
        location: region === 'us-east-1' ? 'US East (N. Virginia)' : region,
        servicename: 'Amazon SageMaker',
        operation: 'RunInstance',
        ...(o.instanceName !== undefined ? { instanceName: o.instanceName } : {}),
        ...(o.instanceType !== undefined ? { instanceType: o.instanceType } : {}),
        ...(o.platoinstancetype !== undefined ? { platoinstancetype: o.platoinstancetype } : {}),
        ...(o.component !== undefined ? { component: o.component } : {}),
      },
      sku,
    },
    serviceCode: 'AmazonSageMaker',
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: Object.fromEntries(
            [o.usd ?? '0.0500000000', ...(o.extraUsd ?? [])].map((usd, i) => dimension(usd, 7 + i)),
          ),
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

/** A JupyterLab, a Code Editor and a classic Studio SKU of one type, as the list has them. */
export function studioItems(instance: string, usd: string, region = 'us-east-1', prefix = 'USE1'): string[] {
  return [
    priceListItem({
      region,
      usagetype: `${prefix}-Studio:JupyterLab-${instance}`,
      instanceName: instance,
      instanceType: instance,
      platoinstancetype: 'Studio-JupyterLab',
      component: 'studio-jupyterlab',
      usd,
    }),
    priceListItem({
      region,
      usagetype: `${prefix}-Studio:CodeEditor-${instance}`,
      instanceName: instance,
      instanceType: instance,
      platoinstancetype: 'studio-codeeditor',
      usd,
    }),
    priceListItem({
      region,
      usagetype: `${prefix}-Studio:KernelGateway-${instance}`,
      instanceName: instance,
      instanceType: instance,
      platoinstancetype: 'Studio-Notebook',
      usd,
    }),
  ];
}
