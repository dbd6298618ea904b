import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastify, { type FastifyInstance } from 'fastify';
import { MAX_PARAM_LENGTH, onFrameworkError } from './framework-errors';
import { lazyChildLogger, loggerOptions, RequestLogController } from './logger';
import { resolveOptions, type SidecarOptions } from './options';
import rateLimit from './plugins/external/rate-limit';
import swagger from './plugins/external/swagger';
import auth from './plugins/app/auth';
import config from './plugins/app/config';
import errorHandler from './plugins/app/error-handler';
import hostCheck from './plugins/app/host-check';
import jsonBody from './plugins/app/json-body';
import notFound from './plugins/app/not-found';
import studioIdentity from './plugins/app/studio-identity';
import studioAws from './plugins/app/studio-aws';
import domainListing from './plugins/app/domain-listing';
import me from './plugins/app/me';
import cost from './plugins/app/cost';
import apps from './plugins/app/apps';
import routes from './routes';
import { validationMessage } from './validation-message';

/**
 * The whole sidecar, not yet listening: `app.inject()` in tests, `listen()` in the bin.
 * Order matters as in fastify/demo: third-party plugins, then our services, then the routes
 * (swagger must see every route being added to document it).
 */
export async function buildApp(given: Partial<SidecarOptions> = {}): Promise<FastifyInstance> {
  const options = resolveOptions(given);
  const app = fastify({
    logger: loggerOptions(options),
    logController: new RequestLogController(),
    // Without a logger Fastify skips request loggers altogether; with one, they are made lazily.
    ...(options.logLevel === false ? {} : { childLoggerFactory: lazyChildLogger }),
    // Our own ids only: a client-sent x-request-id could forge or collide with log lines.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // Nothing we accept is big; a large body is a mistake or an attack.
    bodyLimit: 64 * 1024,
    // Idle keep-alive sockets close at once on shutdown; requests in flight are finished first.
    forceCloseConnections: 'idle',
    // Unknown properties are refused, not dropped: a mistyped `?spce=` must not turn "stop the
    // space's app" into "stop my own app".
    ajv: { customOptions: { removeAdditional: false } },
    schemaErrorFormatter: validationMessage,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: onFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(rateLimit);
  await app.register(swagger);

  await app.register(config, { config: options });
  await app.register(errorHandler);
  await app.register(jsonBody);
  await app.register(hostCheck);
  await app.register(auth);
  await app.register(notFound);
  await app.register(studioIdentity);
  await app.register(studioAws);
  await app.register(domainListing);
  await app.register(me);
  await app.register(cost);
  await app.register(apps);

  await app.register(routes);
  return app;
}
