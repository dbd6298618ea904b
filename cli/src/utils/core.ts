import type * as Core from '@studio-teams/core';
import type * as Schema from '@studio-teams/schema';

/**
 * The core package pulls in the AWS SDK and the schema package pulls in TypeBox's validator: together
 * ~250 ms to load. They are required on first use, not at startup, so `sm-studio --help` and usage
 * errors stay instant. Types are imported normally (they vanish at compile time).
 */
export type CoreModule = typeof Core;
export type SchemaModule = typeof Schema;

let core: CoreModule | undefined;
let schema: SchemaModule | undefined;

export function loadCore(): CoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  core ??= require('@studio-teams/core') as CoreModule;
  return core;
}

export function loadSchema(): SchemaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  schema ??= require('@studio-teams/schema') as SchemaModule;
  return schema;
}
