/**
 * Wraps an HTTP handler so that whatever it throws becomes a problem+json response (see problemFromError) and one log
 * line with the error's code and scrubbed message: never a stack or a secret in the response.
 */
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { errorDetails } from '../../shared/errors';
import { scrubSecrets } from '../../shared/redaction';
import { truncateText } from '../../shared/services/jsonText';
import type * as ProblemDetails from './problemDetails';
import { invocationLogger } from '../../shared/logging';

/**
 * Problem details (with the schemas they check ids by) load with the first failure: every registration wraps its
 * handler here, and a cold start should not pay for them (support/lazyHandler.ts).
 */
function problemDetails(): typeof ProblemDetails {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred loading is the point
  return require('./problemDetails') as typeof ProblemDetails;
}

export type ProblemHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** The request's path: the `instance` of its problems (the query is left out: it may hold the function key). */
export function instanceOf(request: HttpRequest): string {
  return new URL(request.url).pathname;
}

export function withProblemOnError(operation: string, handler: ProblemHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const { code, message } = errorDetails(error);
      invocationLogger(context).error(`${operation} failed: ${code}: ${truncateText(scrubSecrets(message), 2000)}`, {
        operation,
        code,
      });
      return problemDetails().problemFromError(error, { instance: instanceOf(request) });
    }
  };
}
