import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments } from '@smithy/types';

/**
 * AWS errors do not say which call failed ("Access denied" — to what?). This middleware stamps
 * `$operation` (e.g. `sagemaker:ListApps`) on every error a client throws, so `describeAwsError`
 * can name the action to ask an admin for.
 */

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: InitializeHandler<object, object>, context: HandlerExecutionContext) => unknown,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

export function tagOperation(client: unknown, service: string): void {
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args: InitializeHandlerArguments<object>) => {
      try {
        return await next(args);
      } catch (err) {
        if (typeof err === 'object' && err !== null && !('$operation' in err)) {
          const op = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          Object.defineProperty(err, '$operation', { value: `${service}:${op}`, enumerable: false });
        }
        throw err;
      }
    },
    { step: 'initialize', name: 'studioTeamsOperationTag', override: true },
  );
}
