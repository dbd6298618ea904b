import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SidecarError } from '../../errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Host header values this sidecar answers, lower-case. */
    allowedHosts(): ReadonlySet<string>;
    /** Throws the 403 for a request addressed to another host; the onRequest hook of every route. */
    checkHost(request: FastifyRequest): Promise<void>;
  }
}

/**
 * DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1 could otherwise reach us
 * from the user's browser. It cannot forge the Host header, so only our own names pass.
 * Runs first, on every route (health and unknown URLs included), before the token is looked at.
 */
export default fp(
  async function hostCheck(fastify: FastifyInstance) {
    const { port, extraAllowedHosts } = fastify.config;
    const hostsFor = (actual: number): ReadonlySet<string> =>
      new Set([
        `127.0.0.1:${actual}`,
        `localhost:${actual}`,
        ...extraAllowedHosts.map((h) => h.toLowerCase()),
      ]);
    const configured = hostsFor(port);
    let bound: ReadonlySet<string> | undefined;
    fastify.decorate('allowedHosts', () => {
      if (bound) return bound;
      // With port 0 the OS picks the port, known only once listening; from then on it is fixed, so
      // it is looked up once rather than on every request.
      if (!fastify.server.listening) return configured;
      bound = hostsFor((fastify.server.address() as AddressInfo | null)?.port ?? port);
      return bound;
    });
    fastify.decorate('checkHost', async (request: FastifyRequest) => {
      const host = request.headers.host?.toLowerCase();
      if (host === undefined || !fastify.allowedHosts().has(host)) {
        request.log.warn({ host: request.headers.host }, 'refused a request addressed to another host');
        throw new SidecarError(403, 'this sidecar only answers requests addressed to its own host and port');
      }
    });
    fastify.addHook('onRequest', fastify.checkHost);
  },
  { name: 'host-check', dependencies: ['config'] },
);
