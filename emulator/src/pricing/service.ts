import type { ServiceDefinition } from '../services/service';
import { getProducts } from './get-products';

/**
 * The AWS Price List Query API (signing name `pricing`, JSON 1.1), which moto lacks: enough of it
 * for the sidecar to price Studio apps. Its other operations are forwarded, and moto refuses them.
 */
export const pricingService: ServiceDefinition = {
  targetPrefix: 'AWSPriceListService',
  botocoreName: 'pricing',
  botocoreVersion: '2017-10-15',
  operations: {
    GetProducts: getProducts,
  },
};
