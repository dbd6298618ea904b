import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * JupyterLab's `ServerConnection.makeRequest` labels every request without a body
 * `Content-Type: application/json` (the Jupyter server wants it), a DELETE included, and Fastify
 * refuses an empty JSON body. So an empty JSON body counts as no body here: a route that needs one
 * still refuses it through its body schema. Anything else is parsed as Fastify does, so malformed
 * JSON and prototype poisoning remain a 400.
 */
export default fp(
  async function jsonBody(fastify: FastifyInstance) {
    const parse = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
      if (body.length === 0) done(null, undefined);
      else parse(request, body, done);
    });
  },
  { name: 'json-body' },
);
