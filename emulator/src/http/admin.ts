import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaults, type Faults } from '../faults';
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
  if (!route) return json(res, 404, { error: `no admin endpoint ${path}`, endpoints: Object.keys(routes) });
  const action = route[method];
  if (!action) {
    res.setHeader('allow', Object.keys(route).join(', '));
    return json(res, 405, { error: `${method} is not allowed on ${path}` });
  }
  await action();
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
