export * from './price-list';
export * from './fetch-prices';
export * from './pricing-client';
export * from './price-cache';
export * from './price-source';
export * from './app-cost';
export * from './studio-price-source';
