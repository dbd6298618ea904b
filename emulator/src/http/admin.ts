import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaults, type Faults } from '../faults';
import { AdminInputError, type AdminAnswer, type AdminRequest } from '../services/service';
import { readBody } from './body';

/** What the admin endpoints read and change; the running emulator provides it. */
export interface AdminTarget {
  health(): unknown;
  snapshot(): unknown;
  calls(): Record<string, number>;
  resetCalls(): void;
  faults(): Faults;
  setFaults(f: Partial<Faults>): void;
  violations(): string[];
  /** The services' own endpoints (ServiceDefinition.admin): undefined when none takes the path. */
  serviceAdmin?(request: AdminRequest): Promise<AdminAnswer | undefined>;
  serviceAdminEndpoints?(): string[];
}

export const ADMIN_PREFIX = '/_emulator';

/**
 * `/_emulator/*`: plain JSON over HTTP for scripts, tests and `curl`. These requests are never faulted
 * nor counted, so observing the emulator does not change what it reports.
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  target: AdminTarget,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const routes: Record<string, Record<string, () => Promise<void> | void>> = {
    [`${ADMIN_PREFIX}/health`]: { GET: () => json(res, 200, target.health()) },
    [`${ADMIN_PREFIX}/state`]: { GET: () => json(res, 200, target.snapshot()) },
    [`${ADMIN_PREFIX}/calls`]: {
      GET: () => json(res, 200, target.calls()),
      DELETE: () => {
        target.resetCalls();
        res.writeHead(204).end();
      },
    },
    [`${ADMIN_PREFIX}/faults`]: {
      GET: () => json(res, 200, target.faults()),
      PUT: async () => {
        let body: unknown;
        try {
          body = JSON.parse((await readBody(req)).toString('utf8'));
        } catch {
          return json(res, 400, { error: 'the body must be JSON such as {"throttleRate": 0.1}' });
        }
        const problems = checkFaults(body);
        if (problems.length > 0) return json(res, 400, { error: 'invalid faults', problems });
        target.setFaults(body as Partial<Faults>);
        json(res, 200, target.faults());
      },
    },
    [`${ADMIN_PREFIX}/violations`]: { GET: () => json(res, 200, target.violations()) },
  };
  const route = routes[path];
  if (!route) {
    const answer = await serviceAdmin(req, target, method, path);
    if (answer) return json(res, answer.status, answer.body);
    const endpoints = [...Object.keys(routes), ...(target.serviceAdminEndpoints?.() ?? [])];
    return json(res, 404, { error: `no admin endpoint ${path}`, endpoints });
  }
  const action = route[method];
  if (!action) {
    res.setHeader('allow', Object.keys(route).join(', '));
    return json(res, 405, { error: `${method} is not allowed on ${path}` });
  }
  await action();
}

async function serviceAdmin(
  req: IncomingMessage,
  target: AdminTarget,
  method: string,
  path: string,
): Promise<AdminAnswer | undefined> {
  if (!target.serviceAdmin) return undefined;
  const request: AdminRequest = {
    method,
    path: path.slice(ADMIN_PREFIX.length),
    json: async () => {
      const text = (await readBody(req)).toString('utf8');
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AdminInputError('the body must be JSON');
      }
    },
  };
  try {
    return await target.serviceAdmin(request);
  } catch (err) {
    if (err instanceof AdminInputError) return { status: 400, body: { error: err.message } };
    throw err;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
