import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import type { ServiceRegistry } from '../services/registry';
import type { RequestContext } from '../services/service';
import { ADMIN_PREFIX, handleAdmin, type AdminTarget } from './admin';
import { AwsError } from './aws-error';
import { forward } from './forward';
import { describeRequest } from './request-info';
import { serveJson } from './serve-json';
import { sendWireError, wireFormatOf } from './wire-errors';

export interface RouterDeps {
  registry: ServiceRegistry;
  faults: FaultInjector;
  ctx: RequestContext;
  admin: AdminTarget;
  upstreamUrl?: string;
  strict: boolean;
  count(name: string): void;
  recordViolation(message: string): void;
}

/**
 * Every request's way through the emulator: admin endpoints first (never faulted nor counted), then
 * count, latency and fault draw, then serve here, answer UnknownOperationException, or forward.
 */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { registry, faults, ctx } = deps;
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))
      return handleAdmin(req, res, deps.admin);
    const requestId = randomUUID();
    const info = describeRequest(req);
    const route =
      req.method === 'POST' && path === '/'
        ? registry.route(info.targetPrefix, info.operation)
        : { kind: 'forward' as const };
    deps.count(route.kind === 'forward' ? `forward:${info.service}` : (info.target as string));

    const { latencyMs } = faults.faults;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const format = wireFormatOf(req, info);
    const fault = faults.draw();
    if (fault) {
      req.resume();
      return sendWireError(res, format, fault, requestId);
    }
    if (route.kind === 'serve') {
      return serveJson(route.service, route.operation, route.handler, req, res, ctx, {
        requestId,
        strict: deps.strict,
        recordViolation: deps.recordViolation,
      });
    }
    if (route.kind === 'unknown-operation') {
      req.resume();
      const message = `${info.target} is not an operation of ${route.service.model.metadata.serviceId}`;
      return sendWireError(res, 'json', new AwsError('UnknownOperationException', message), requestId);
    }
    if (!deps.upstreamUrl) {
      req.resume();
      const what = info.target ?? `${req.method} ${path} (${info.service})`;
      const message = `${what} is not served by the emulator and no upstream (moto) is configured`;
      return sendWireError(res, format, new AwsError('NotImplemented', message, 501), requestId);
    }
    forward(req, res, deps.upstreamUrl, (reason) => {
      const message = `The emulator could not reach moto at ${reason}`;
      sendWireError(res, format, new AwsError('UpstreamUnreachable', message, 502), requestId);
    });
  };
}
