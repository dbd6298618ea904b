/**
 * What `@studio-teams/schema/plain` gives: the values of this package that need no validator (names,
 * tag keys, defaults, SageMaker's naming rules). Everything else here builds TypeBox schemas when it
 * loads, ~100 ms; `sm-ssh proxy`, which ssh starts at every connection, loads only this.
 */
export * from './constants';
export * from './names';
export * from './long-running-defaults';
