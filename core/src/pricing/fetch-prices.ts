import { type Filter, GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import { parsePriceList, type RegionPrices } from './price-list';

export const SAGEMAKER_SERVICE_CODE = 'AmazonSageMaker';

/**
 * One region's instance SKUs. The list has no single attribute that means "a Studio app" (its
 * casing and naming differ between JupyterLab, Code Editor and classic Studio), so the query asks
 * for every ML Instance SKU of the region and the parser keeps the Studio ones: a few dozen pages,
 * once per region and cache lifetime, instead of a query per app kind or per app.
 */
export function studioPriceFilters(region: string): Filter[] {
  return [
    { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
    { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
  ];
}

/** The API's largest page. */
const PAGE_SIZE = 100;
/** A bound on a query that keeps returning NextToken: far above the few dozen pages a region has. */
export const MAX_PAGES = 200;

export interface FetchOptions {
  abortSignal?: AbortSignal;
  maxPages?: number;
}

/** Every Studio price of a region from GetProducts, page by page. Throws what the SDK throws. */
export async function fetchRegionPrices(
  client: PricingClient,
  region: string,
  options: FetchOptions = {},
): Promise<RegionPrices> {
  const items: unknown[] = [];
  const maxPages = options.maxPages ?? MAX_PAGES;
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages)
      throw new Error(`GetProducts for ${region} returned more than ${maxPages} pages; stopped`);
    const out = await client.send(
      new GetProductsCommand({
        ServiceCode: SAGEMAKER_SERVICE_CODE,
        Filters: studioPriceFilters(region),
        FormatVersion: 'aws_v1',
        MaxResults: PAGE_SIZE,
        ...(token !== undefined ? { NextToken: token } : {}),
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    const list: unknown = out.PriceList;
    if (Array.isArray(list)) items.push(...(list as unknown[]));
    token = out.NextToken || undefined;
    if (token === undefined) break;
  }
  return parsePriceList(items, region);
}
