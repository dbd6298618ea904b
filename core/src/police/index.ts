export * from './address-book';
export * from './find-long-running';
export * from './messages';
export * from './ses';
export * from './run';
export * from './ses-client';
