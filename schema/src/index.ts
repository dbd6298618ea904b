export * from './constants';
export * from './names';
export * from './prices';
export * from './long-running';
export * from './usage-report';
export * from './status';
export * from './seed';
export * from './validate';
