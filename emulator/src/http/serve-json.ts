import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateShape, isPlainObject } from '../contract/validate';
import type { RequestContext } from '../services/service';
import type { LoadedService } from '../services/registry';
import { AwsError, COMMON_ERROR_CODES, validationError } from './aws-error';
import { readBody } from './body';
import { sendWireError } from './wire-errors';

export interface ServeOptions {
  requestId: string;
  /** Check every answer against the model; a violation becomes a 500 and is recorded. */
  strict: boolean;
  recordViolation(message: string): void;
}

/**
 * One JSON 1.1 call: parse, validate the input against the model (ValidationException naming each
 * member, as AWS does), run the handler, and in strict mode hold the answer to the model too.
 */
export async function serveJson(
  service: LoadedService,
  operation: string,
  handler: (input: Record<string, unknown>, ctx: RequestContext) => unknown,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
  options: ServeOptions,
): Promise<void> {
  const target = `${service.definition.targetPrefix}.${operation}`;
  const op = service.model.operations[operation];
  let output: unknown;
  try {
    const input = parseInput(await readBody(req));
    const problems = op?.input ? validateShape(service.model, op.input.shape, input) : [];
    if (problems.length > 0) throw validationError(problems);
    output = (await handler(input, { ...ctx, headers: req.headers })) ?? {};
  } catch (err) {
    const error =
      err instanceof AwsError
        ? err
        : new AwsError('InternalFailure', `The emulator failed: ${String(err)}`, 500);
    if (!(err instanceof AwsError)) console.error(`emulator: ${target} failed:`, err);
    return sendError(service, target, error, res, options);
  }
  if (options.strict) {
    const problems =
      op?.output !== undefined
        ? validateShape(service.model, op.output.shape, output)
        : isPlainObject(output) && Object.keys(output).length === 0
          ? []
          : ['the operation has no output in the model, yet the answer has members'];
    if (problems.length > 0) return contractViolation(target, 'response', problems, res, options);
  }
  const body = JSON.stringify(output);
  res.writeHead(200, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': options.requestId,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function parseInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON');
  }
  if (!isPlainObject(parsed))
    throw new AwsError('SerializationException', 'The request body must be a JSON object');
  return parsed;
}

function sendError(
  service: LoadedService,
  target: string,
  error: AwsError,
  res: ServerResponse,
  options: ServeOptions,
): void {
  const shape = service.model.shapes[error.code];
  const modeled = service.exceptions.has(error.code);
  // Modeled exceptions carry `Message` as their shape says; the framework's own errors use `message`.
  const messageKey = shape?.members?.['Message'] ? 'Message' : 'message';
  if (options.strict) {
    const problems: string[] = [];
    if (!modeled && !COMMON_ERROR_CODES.has(error.code))
      problems.push(
        `error code ${error.code} is neither one of the model's exceptions nor a common AWS error`,
      );
    if (modeled && messageKey === 'Message')
      problems.push(...validateShape(service.model, error.code, { Message: error.message }));
    if (problems.length > 0) return contractViolation(target, `${error.code} error`, problems, res, options);
  }
  sendWireError(res, 'json', error, options.requestId, messageKey);
}

function contractViolation(
  target: string,
  what: string,
  problems: string[],
  res: ServerResponse,
  options: ServeOptions,
): void {
  const message = `${target} ${what} breaks the botocore contract: ${problems.join('; ')}`;
  options.recordViolation(message);
  sendWireError(res, 'json', new AwsError('EmulatorContractViolation', message, 500), options.requestId);
}
