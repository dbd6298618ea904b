import { AwsError } from '../http/aws-error';
import { paginate } from '../pagination';
import type { Handler } from '../services/service';
import { buildCatalogue, type CatalogueProduct } from './catalogue';

/** The one format the API has ever had. */
export const FORMAT_VERSION = 'aws_v1';

/** The API's page size when MaxResults is absent (and its maximum, as the model says). */
const DEFAULT_MAX_RESULTS = 100;

const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);

interface Filter {
  Type: string;
  Field: string;
  Value: string;
}

/**
 * What a filter's Field names: `ServiceCode`, the product's `productFamily` or `sku`, or one of its
 * attributes. Unknown attributes match nothing, as on AWS (a filter on a misspelt field returns an
 * empty list, not an error).
 */
function fieldOf(product: CatalogueProduct, field: string): string | undefined {
  if (field === 'ServiceCode') return product.serviceCode;
  if (field === 'productFamily') return product.productFamily;
  if (field === 'sku') return product.sku;
  return product.attributes[field];
}

/**
 * TERM_MATCH (and EQUALS) compare whole values exactly. Whether AWS ignores case here is not
 * documented; exact matching is the stricter choice, so a client that passes here passes there too.
 * ANY_OF and NONE_OF take a comma-separated list of values.
 */
function matches(product: CatalogueProduct, filter: Filter): boolean {
  const actual = fieldOf(product, filter.Field);
  const list = () => filter.Value.split(',').map((v) => v.trim());
  switch (filter.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return actual === filter.Value;
    case 'CONTAINS':
      return actual !== undefined && actual.includes(filter.Value);
    case 'ANY_OF':
      return actual !== undefined && list().includes(actual);
    case 'NONE_OF':
      return actual === undefined || !list().includes(actual);
    default:
      // The model's enum already refused anything else.
      throw invalidParameter(`Filter type ${filter.Type} is not supported`);
  }
}

let catalogue: CatalogueProduct[] | undefined;

/**
 * `AWSPriceListService.GetProducts` for ServiceCode AmazonSageMaker: the products matching every
 * filter, a page at a time, each a JSON string as AWS sends them.
 */
export const getProducts: Handler = (input) => {
  const { ServiceCode, FormatVersion, MaxResults, NextToken } = input;
  const filters = (input['Filters'] as Filter[] | undefined) ?? [];
  if (ServiceCode !== 'AmazonSageMaker')
    throw new AwsError(
      'NotFoundException',
      `The emulated Price List has no service ${String(ServiceCode)}: only AmazonSageMaker is emulated`,
    );
  if (FormatVersion !== undefined && FormatVersion !== FORMAT_VERSION)
    throw invalidParameter(`FormatVersion ${String(FormatVersion)} is not supported; use ${FORMAT_VERSION}`);
  catalogue ??= buildCatalogue();
  const found = catalogue.filter((p) => filters.every((f) => matches(p, f)));
  const page = paginate(found, (p) => [p.sku], {
    MaxResults,
    NextToken,
    defaultMax: DEFAULT_MAX_RESULTS,
    query: { ServiceCode, FormatVersion: FormatVersion ?? FORMAT_VERSION, Filters: filters },
    descending: false,
    invalidToken: (message) => new AwsError('InvalidNextTokenException', message),
  });
  return {
    FormatVersion: FORMAT_VERSION,
    PriceList: page.items.map((p) => p.json),
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
  };
};
