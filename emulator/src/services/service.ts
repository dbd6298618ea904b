import type { EmulatorConfig } from '../config';
import type { EmulatorState } from '../state';

export interface RequestContext {
  state: EmulatorState;
  config: EmulatorConfig;
  /** Epoch milliseconds; a fake clock in tests. */
  now(): number;
}

/** One operation: the parsed, already validated JSON input in, the JSON output out (or an AwsError thrown). */
export type Handler = (input: Record<string, unknown>, ctx: RequestContext) => unknown;

/**
 * A service served here: its JSON target prefix, the botocore model that is its contract, and its
 * operations. Operations not listed are forwarded upstream. Adding a service is adding one of these.
 */
export interface ServiceDefinition {
  targetPrefix: string;
  botocoreName: string;
  botocoreVersion?: string;
  operations: Record<string, Handler>;
}

/** Epoch seconds, as the JSON protocols put timestamps on the wire. */
export const epochSeconds = (ms: number): number => ms / 1000;
