/**
 * Reading the AWS Price List's AmazonSageMaker products: which ones price a Studio app, and at what
 * hourly figure. Names and shapes, and where they come from (public code reading every SKU of the
 * list, and Cost Explorer usage types), are described in `emulator/src/pricing/catalogue.ts`:
 *
 *   product.productFamily          "ML Instance"
 *   product.attributes.regionCode  "us-east-1"
 *   product.attributes.usagetype   "USE1-Studio:JupyterLab-ml.t3.medium" | "…Studio:CodeEditor-…"
 *                                  | "…Studio:KernelGateway-…" (classic Studio)
 *   product.attributes.instanceName / instanceType   "ml.t3.medium"
 *   product.attributes.platoinstancetype             "Studio-JupyterLab" | "studio-codeeditor" | "Studio-Notebook"
 *   terms.OnDemand.*.priceDimensions.*               { unit: "Hrs", pricePerUnit: { USD: "0.0500000000" } }
 *
 * A SKU is recognised by its usage type first (the one name billing itself uses), by
 * platoinstancetype when the usage type is of another form; anything else (training, hosting,
 * notebook instances, storage) is skipped, as is a figure that is not a positive number of USD an
 * hour: the list has $0 placeholder rows, and an unknown price must never read as free.
 */

/** The Studio app types the Price List prices separately, by their AppType names. */
export const STUDIO_APP_KINDS = ['JupyterLab', 'CodeEditor', 'KernelGateway'] as const;
export type StudioAppKind = (typeof STUDIO_APP_KINDS)[number];

/** USD per hour by instance type, then by the kind of Studio app. */
export type RegionPrices = Record<string, Partial<Record<StudioAppKind, number>>>;

export interface StudioPrice {
  region: string;
  instanceType: string;
  kind: StudioAppKind;
  usdPerHour: number;
}

const USAGE_TYPE = /(?:^|-)Studio:(JupyterLab|CodeEditor|KernelGateway)-(ml\.[a-z0-9-]+\.[a-z0-9]+)$/;
const INSTANCE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** platoinstancetype, lower-cased: its casing differs between kinds in the real list. */
const PLATO_KINDS: Readonly<Record<string, StudioAppKind>> = {
  'studio-jupyterlab': 'JupyterLab',
  'studio-codeeditor': 'CodeEditor',
  'studio-notebook': 'KernelGateway',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * One entry of GetProducts' PriceList: a JSON string (the SDK may hand it over as a string-like
 * object, or already parsed). Undefined when it is not an on-demand hourly price of a Studio app in
 * `region`, or is malformed.
 */
export function parsePriceListItem(item: unknown, region: string): StudioPrice | undefined {
  let doc: unknown = item;
  if (typeof item === 'string' || (isObject(item) && !('product' in item))) {
    try {
      doc = JSON.parse(String(item));
    } catch {
      return undefined;
    }
  }
  if (!isObject(doc) || !isObject(doc['product']) || !isObject(doc['terms'])) return undefined;
  const product = doc['product'];
  const attributes = isObject(product['attributes']) ? product['attributes'] : {};
  if (product['productFamily'] !== 'ML Instance') return undefined;
  if (attributes['regionCode'] !== region) return undefined;

  const named = str(attributes['instanceName']) ?? str(attributes['instanceType']);
  const usage = USAGE_TYPE.exec(str(attributes['usagetype']) ?? '');
  let kind: StudioAppKind | undefined;
  let instanceType: string | undefined;
  if (usage) {
    kind = usage[1] as StudioAppKind;
    instanceType = usage[2];
    // The usage type and the instance name disagreeing means we misread this SKU: skip it.
    if (named !== undefined && named !== instanceType) return undefined;
  } else {
    kind = PLATO_KINDS[(str(attributes['platoinstancetype']) ?? '').toLowerCase()];
    instanceType = named;
  }
  if (kind === undefined || instanceType === undefined || !INSTANCE.test(instanceType)) return undefined;

  const usdPerHour = onDemandHourlyUsd(doc['terms']);
  if (usdPerHour === undefined) return undefined;
  return { region, instanceType, kind, usdPerHour };
}

/** The on-demand figure of a SKU: one term, one hourly dimension in USD, a positive number. */
function onDemandHourlyUsd(terms: Json): number | undefined {
  const onDemand = terms['OnDemand'];
  if (!isObject(onDemand)) return undefined;
  const figures: number[] = [];
  for (const term of Object.values(onDemand)) {
    if (!isObject(term) || !isObject(term['priceDimensions'])) continue;
    for (const dimension of Object.values(term['priceDimensions'])) {
      if (!isObject(dimension) || !isObject(dimension['pricePerUnit'])) continue;
      if (!/^(hrs|hours?)$/i.test(str(dimension['unit']) ?? '')) continue;
      const begin = str(dimension['beginRange']);
      if (begin !== undefined && begin !== '0') continue;
      const text = str(dimension['pricePerUnit']['USD']);
      const usd = text !== undefined && /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
      if (Number.isFinite(usd) && usd > 0) figures.push(usd);
    }
  }
  // Several distinct hourly figures for one SKU: we cannot tell which applies, so none does.
  const distinct = new Set(figures);
  return distinct.size === 1 ? figures[0] : undefined;
}

/** Folds one region's PriceList entries into prices by instance type and app kind. */
export function parsePriceList(items: Iterable<unknown>, region: string): RegionPrices {
  const prices: RegionPrices = {};
  for (const item of items) {
    const price = parsePriceListItem(item, region);
    if (!price) continue;
    (prices[price.instanceType] ??= {})[price.kind] = price.usdPerHour;
  }
  return prices;
}

/**
 * The figure for an app: its own kind's, else another Studio kind's for the same instance (classic
 * Studio, JupyterLab and Code Editor cost the same per instance in every region we have seen, and
 * the API's figure is still fresher than the table's). Undefined for the other app types: the
 * JupyterServer of classic Studio runs on the free `system` instance, which the list has no SKU for,
 * and RStudio or Canvas are billed under usage types of their own.
 */
export function lookupPrice(
  prices: RegionPrices | undefined,
  instanceType: string | null | undefined,
  appType: string | null | undefined,
): number | undefined {
  if (!prices || !instanceType) return undefined;
  const byKind = prices[instanceType];
  if (!byKind) return undefined;
  const own = STUDIO_APP_KINDS.find((k) => k === appType);
  // Other app types (RStudio, Canvas, TensorBoard…) are billed under other usage types.
  if (own === undefined && appType) return undefined;
  for (const kind of own ? [own, ...STUDIO_APP_KINDS] : STUDIO_APP_KINDS) {
    const figure = byKind[kind];
    if (figure !== undefined) return figure;
  }
  return undefined;
}
