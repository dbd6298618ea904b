import type * as Core from '@studio-teams/core';
import type * as Schema from '@studio-teams/schema';
import type * as SshProxyCore from '@studio-teams/core/ssh-proxy';
import type * as PlainSchema from '@studio-teams/schema/plain';

/**
 * The core package pulls in the AWS SDK and the schema package pulls in TypeBox's validator: together
 * ~250 ms to load. They are required on first use, not at startup, so `sm-studio --help` and usage
 * errors stay instant. Types are imported normally (they vanish at compile time).
 */
export type CoreModule = typeof Core;
export type SchemaModule = typeof Schema;
/** The part of core `sm-ssh proxy` needs (see core/src/ssh-proxy.ts): half the loading time. */
export type SshProxyCoreModule = typeof SshProxyCore;
/** The schema package's constants and name rules, without its TypeBox schemas. */
export type PlainSchemaModule = typeof PlainSchema;

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

export function loadSshProxyCore(): SshProxyCoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  return require('@studio-teams/core/ssh-proxy') as SshProxyCoreModule;
}

export function loadPlainSchema(): PlainSchemaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, see above
  return require('@studio-teams/schema/plain') as PlainSchemaModule;
}
