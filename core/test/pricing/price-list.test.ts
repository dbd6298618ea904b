import { lookupPrice, parsePriceList, parsePriceListItem } from '../../src/pricing/price-list';
import { priceListItem, studioItems } from './fixtures';

describe('parsePriceListItem', () => {
  it('reads a Studio JupyterLab SKU: instance from the usage type, USD an hour from the on-demand term', () => {
    const [lab] = studioItems('ml.t3.medium', '0.0500000000');
    expect(parsePriceListItem(lab, 'us-east-1')).toEqual({
      region: 'us-east-1',
      instanceType: 'ml.t3.medium',
      kind: 'JupyterLab',
      usdPerHour: 0.05,
    });
  });

  it('tells JupyterLab, Code Editor and classic Studio apart', () => {
    const kinds = studioItems('ml.m5.large', '0.1150000000').map(
      (i) => parsePriceListItem(i, 'us-east-1')?.kind,
    );
    expect(kinds).toEqual(['JupyterLab', 'CodeEditor', 'KernelGateway']);
  });

  it('takes the eu-west-1 usage type, which has a bare EU prefix', () => {
    const [lab] = studioItems('ml.t3.medium', '0.0550000000', 'eu-west-1', 'EU');
    expect(parsePriceListItem(lab, 'eu-west-1')?.usdPerHour).toBe(0.055);
  });

  it('falls back on platoinstancetype when the usage type is of another form', () => {
    const item = priceListItem({
      usagetype: 'USE1-Studio-JL:ml.c5.large',
      instanceName: 'ml.c5.large',
      platoinstancetype: 'Studio-JupyterLab',
      usd: '0.1020000000',
    });
    expect(parsePriceListItem(item, 'us-east-1')).toMatchObject({
      kind: 'JupyterLab',
      instanceType: 'ml.c5.large',
    });
  });

  it.each([
    [
      'a notebook instance',
      { usagetype: 'USE1-Notebk:ml.t3.medium', instanceName: 'ml.t3.medium', platoinstancetype: 'Notebook' },
    ],
    [
      'a hosting SKU',
      {
        usagetype: 'USE1-Host:ml.g5.xlarge',
        instanceName: 'ml.g5.xlarge',
        instanceType: 'ml.g5.xlarge-hosting',
        platoinstancetype: 'Hosting',
      },
    ],
    [
      'space storage',
      {
        usagetype: 'USE1-Studio:VolumeUsage.gp3',
        productFamily: 'Storage',
        unit: 'GB-Mo',
        usd: '0.1120000000',
      },
    ],
    [
      'another region',
      { region: 'us-west-2', usagetype: 'USW2-Studio:JupyterLab-ml.t3.medium', instanceName: 'ml.t3.medium' },
    ],
    [
      'a $0 placeholder row',
      { usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium', instanceName: 'ml.t3.medium', usd: '0.0000000000' },
    ],
    [
      'a figure that is not a number',
      { usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium', instanceName: 'ml.t3.medium', usd: 'N/A' },
    ],
    [
      'a price per something else than hours',
      { usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium', instanceName: 'ml.t3.medium', unit: 'Second' },
    ],
    [
      'two different figures for one SKU',
      {
        usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium',
        instanceName: 'ml.t3.medium',
        usd: '0.0500000000',
        extraUsd: ['0.0600000000'],
      },
    ],
    [
      'a usage type and an instance name that disagree',
      { usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium', instanceName: 'ml.t3.large' },
    ],
  ])('skips %s', (_what, options) => {
    expect(parsePriceListItem(priceListItem(options), 'us-east-1')).toBeUndefined();
  });

  it('skips what is not a Price List entry at all', () => {
    for (const junk of ['', 'not json', '[]', '{}', '{"product":{},"terms":[]}', 42, null, undefined])
      expect(parsePriceListItem(junk, 'us-east-1')).toBeUndefined();
  });

  it('accepts the string-like object the SDK may hand over, and an already parsed entry', () => {
    const [lab] = studioItems('ml.t3.large', '0.1000000000');
    // The SDK's LazyJsonString for `jsonvalue` members is a String object.
    expect(parsePriceListItem(new String(lab), 'us-east-1')?.usdPerHour).toBe(0.1);
    expect(parsePriceListItem(JSON.parse(lab!), 'us-east-1')?.usdPerHour).toBe(0.1);
  });
});

describe('parsePriceList and lookupPrice', () => {
  const prices = parsePriceList(
    [
      ...studioItems('ml.t3.medium', '0.0500000000'),
      ...studioItems('ml.g5.xlarge', '1.4100000000'),
      // Only JupyterLab lists this one.
      studioItems('ml.g6.xlarge', '0.8048000000')[0],
      priceListItem({
        usagetype: 'USE1-Notebk:ml.t3.medium',
        instanceName: 'ml.t3.medium',
        usd: '0.0575000000',
      }),
    ],
    'us-east-1',
  );

  it('folds entries into prices by instance type and app kind, decoys left out', () => {
    expect(prices['ml.t3.medium']).toEqual({ JupyterLab: 0.05, CodeEditor: 0.05, KernelGateway: 0.05 });
    expect(prices['ml.g6.xlarge']).toEqual({ JupyterLab: 0.8048 });
    expect(Object.keys(prices).sort()).toEqual(['ml.g5.xlarge', 'ml.g6.xlarge', 'ml.t3.medium']);
  });

  it("prices an app by its own kind, else another Studio kind's figure for the same instance", () => {
    expect(lookupPrice(prices, 'ml.g5.xlarge', 'CodeEditor')).toBe(1.41);
    expect(lookupPrice(prices, 'ml.g6.xlarge', 'KernelGateway')).toBe(0.8048);
    expect(lookupPrice(prices, 'ml.g6.xlarge', undefined)).toBe(0.8048);
  });

  it('has no figure for unknown types, the free system instance, or app types billed otherwise', () => {
    expect(lookupPrice(prices, 'ml.p5.48xlarge', 'JupyterLab')).toBeUndefined();
    expect(lookupPrice(prices, 'system', 'JupyterServer')).toBeUndefined();
    expect(lookupPrice(prices, 'ml.t3.medium', 'RSessionGateway')).toBeUndefined();
    expect(lookupPrice(prices, null, 'JupyterLab')).toBeUndefined();
    expect(lookupPrice(undefined, 'ml.t3.medium', 'JupyterLab')).toBeUndefined();
  });
});
