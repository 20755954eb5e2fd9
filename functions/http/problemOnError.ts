/**
 * Wraps an HTTP handler so that whatever it throws becomes a problem+json response (see problemFromError) and one log
 * line with the error's code and scrubbed message: never a stack or a secret in the response.
 */
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { errorDetails } from '../../shared/errors';
import { scrubSecrets } from '../../shared/redaction';
import { truncateText } from '../../shared/services/jsonText';
import { problemFromError } from './problemDetails';
import { invocationLogger } from '../../shared/logging';

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
      return problemFromError(error, { instance: instanceOf(request) });
    }
  };
}
