import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compilePattern } from './patterns';

/** One botocore shape, as `service-2.json` spells it (only the traits the validator and handlers read). */
export interface Shape {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  union?: boolean;
  document?: boolean;
  exception?: boolean;
  fault?: boolean;
  sensitive?: boolean;
  timestampFormat?: string;
  documentation?: string;
}

export interface MemberRef {
  shape: string;
  documentation?: string;
  sensitive?: boolean;
}

export interface Operation {
  name: string;
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
  documentation?: string;
}

export interface ServiceMetadata {
  apiVersion: string;
  protocol: string;
  targetPrefix?: string;
  endpointPrefix: string;
  signingName?: string;
  serviceId: string;
}

export interface ServiceModel {
  /** `sagemaker`, `ssm`: the folder name under botocore/data. */
  name: string;
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
  /** Compiled whole-value patterns, by source; null when JavaScript cannot express the pattern. */
  patterns: Map<string, RegExp | null>;
  /** Patterns the validator cannot check, with the shapes that carry them: listed, never silently passed. */
  skippedPatterns: string[];
}

const cache = new Map<string, ServiceModel>();

/**
 * Loads `<dataDir>/<service>/<version>/service-2.json(.gz)`; without a version, the newest one present.
 * Models are cached per file, since every emulator in a test run reads the same few megabytes.
 */
export function loadServiceModel(dataDir: string, service: string, version?: string): ServiceModel {
  const serviceDir = join(dataDir, service);
  if (!existsSync(serviceDir)) throw new Error(`botocore has no model for "${service}" in ${dataDir}`);
  const chosen = version ?? readdirSync(serviceDir).sort().at(-1);
  if (chosen === undefined)
    throw new Error(`botocore has no model version for "${service}" in ${serviceDir}`);
  const plain = join(serviceDir, chosen, 'service-2.json');
  const file = existsSync(plain) ? plain : `${plain}.gz`;
  const cached = cache.get(file);
  if (cached) return cached;
  if (!existsSync(file)) throw new Error(`botocore model not found: ${plain}(.gz)`);
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const json = JSON.parse(text) as Pick<ServiceModel, 'metadata' | 'operations' | 'shapes'>;
  const model = serviceModelFrom(service, json);
  cache.set(file, model);
  return model;
}

/** A model from botocore's JSON, its patterns compiled once. */
export function serviceModelFrom(
  name: string,
  json: Pick<ServiceModel, 'metadata' | 'operations' | 'shapes'>,
): ServiceModel {
  const model = { name, ...json };
  const patterns = new Map<string, RegExp | null>();
  const skipped = new Map<string, string[]>();
  for (const [shapeName, shape] of Object.entries(model.shapes)) {
    if (shape.pattern === undefined) continue;
    if (!patterns.has(shape.pattern)) patterns.set(shape.pattern, compilePattern(shape.pattern));
    if (patterns.get(shape.pattern) === null)
      skipped.set(shape.pattern, [...(skipped.get(shape.pattern) ?? []), shapeName]);
  }
  const skippedPatterns = [...skipped].map(([pattern, shapes]) => `${shapes.join(', ')}: ${pattern}`);
  return { ...model, patterns, skippedPatterns };
}

/** The exception shapes of a service: the error codes AWS may answer with besides the common ones. */
export function exceptionNames(model: ServiceModel): Set<string> {
  return new Set(
    Object.entries(model.shapes)
      .filter(([, s]) => s.exception === true)
      .map(([n]) => n),
  );
}
