import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorConfig } from '../config';
import type { EmulatorState } from '../state';

export interface RequestContext {
  state: EmulatorState;
  config: EmulatorConfig;
  /** Epoch milliseconds; a fake clock in tests. */
  now(): number;
  /**
   * The headers of the call being served (SigV4 `authorization`, `x-amz-security-token`): who is
   * calling. Absent outside a request (seeding, admin endpoints).
   */
  headers?: IncomingHttpHeaders;
}

/** One operation: the parsed, already validated JSON input in, the JSON output out (or an AwsError thrown). */
export type Handler = (input: Record<string, unknown>, ctx: RequestContext) => unknown;

/**
 * A service served here: its JSON target prefix, the botocore model that is its contract, and its
 * operations. Operations not listed are forwarded upstream. Adding a service is adding one of these;
 * several definitions may share a prefix (SSM commands, and later SSM sessions, in separate files).
 */
export interface ServiceDefinition {
  targetPrefix: string;
  botocoreName: string;
  botocoreVersion?: string;
  operations: Record<string, Handler>;
  /** Admin endpoints of this service under `/_emulator/` (registering an agent, data-channel faults). */
  admin?: AdminRoutes;
}

/** One admin request, already routed to a service: `path` is what follows `/_emulator`. */
export interface AdminRequest {
  method: string;
  path: string;
  /** The body parsed as JSON; an empty body is `{}`. Throws AdminInputError when it is not JSON. */
  json(): Promise<unknown>;
}

export interface AdminAnswer {
  status: number;
  body?: unknown;
}

export interface AdminRoutes {
  /** Shown when a request matches no endpoint, e.g. `POST /_emulator/agents/register`. */
  endpoints: string[];
  /** The answer, or undefined when the path is not this service's. */
  handle(
    request: AdminRequest,
    ctx: RequestContext,
  ): Promise<AdminAnswer | undefined> | AdminAnswer | undefined;
}

/** A client mistake in an admin request: answered 400 with this message. */
export class AdminInputError extends Error {}

/** Epoch seconds, as the JSON protocols put timestamps on the wire. */
export const epochSeconds = (ms: number): number => ms / 1000;
