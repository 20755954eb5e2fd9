/**
 * Carries the request's W3C trace context to ARM: on every request sent while a traced request is current
 * (shared/tracing.ts), `traceparent` as received, and its trace id as `x-ms-correlation-request-id`, which ARM records
 * with each operation in the activity log, so that every ARM call of one onboarding can be found by one id. The SDK's
 * own `x-ms-client-request-id` (one per HTTP request) is left as it is. Requests outside a traced request are untouched.
 */
import type { PipelinePolicy } from './armRetryPolicy';
import { correlationIdOf, currentTrace } from '../../tracing';

export const TRACE_CORRELATION_POLICY_NAME = 'ercspTraceCorrelationPolicy';
export const CORRELATION_REQUEST_ID_HEADER = 'x-ms-correlation-request-id';

export function traceCorrelationPolicy(): PipelinePolicy {
  return {
    name: TRACE_CORRELATION_POLICY_NAME,
    sendRequest(request, next) {
      const traceparent = currentTrace()?.traceparent;
      const correlationId = traceparent === undefined ? undefined : correlationIdOf(traceparent);
      if (traceparent !== undefined && correlationId !== undefined) {
        request.headers.set('traceparent', traceparent);
        if (!request.headers.has(CORRELATION_REQUEST_ID_HEADER)) {
          request.headers.set(CORRELATION_REQUEST_ID_HEADER, correlationId);
        }
      }
      return next(request);
    },
  };
}
