/**
 * Every activity runs inside the trace context of the request it works for (shared/tracing.ts): its `requestId`,
 * `customerId` and plan step from its input, the workflow instance from the trigger metadata, and the request's
 * W3C `traceparent` from the request ledger (read once per request and process). Its log lines, its ARM calls
 * (`x-ms-correlation-request-id`, `traceparent`) and its outbound events then carry them without being passed along.
 */
import type { InvocationContext } from '@azure/functions';
import type { RequestLedger } from '../../shared/ports/requests';
import { isTraceparent, runWithTrace, type TraceContext } from '../../shared/tracing';

/** Requests whose traceparent (or its absence: `null`) is known; the oldest is forgotten past this many. */
const REMEMBERED_REQUESTS = 1000;
const traceparents = new Map<string, string | null>();

async function traceparentOf(requests: Pick<RequestLedger, 'get'>, requestId: string): Promise<string | undefined> {
  const known = traceparents.get(requestId);
  if (known !== undefined) return known ?? undefined;
  let found: string | undefined;
  try {
    found = (await requests.get(requestId))?.traceparent;
  } catch {
    // Tracing is best effort: the activity runs, and says what it can, without the request's trace.
    return undefined;
  }
  const usable = found !== undefined && isTraceparent(found) ? found : undefined;
  if (traceparents.size >= REMEMBERED_REQUESTS) {
    const oldest = traceparents.keys().next();
    if (oldest.done !== true) traceparents.delete(oldest.value);
  }
  traceparents.set(requestId, usable ?? null);
  return usable;
}

function text(input: unknown, field: string): string | undefined {
  if (typeof input !== 'object' || input === null || !(field in input)) return undefined;
  const value: unknown = (input as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What an activity's input and invocation say about the request it works for. */
export function activityTraceContext(input: unknown, context: InvocationContext): TraceContext {
  const instanceId = context.triggerMetadata?.instanceId;
  const spec: unknown = typeof input === 'object' && input !== null && 'spec' in input ? input.spec : undefined;
  const customer: unknown = typeof spec === 'object' && spec !== null && 'customer' in spec ? spec.customer : undefined;
  // publishEvent carries its request only inside the event's data.
  const data: unknown = typeof input === 'object' && input !== null && 'data' in input ? input.data : undefined;
  const requestId = text(input, 'requestId') ?? text(data, 'requestId');
  const customerId = text(input, 'customerId') ?? text(customer, 'id');
  const step = text(input, 'stepKey');
  return {
    ...(requestId === undefined ? {} : { requestId }),
    ...(customerId === undefined ? {} : { customerId }),
    ...(typeof instanceId === 'string' ? { instanceId } : {}),
    ...(step === undefined ? {} : { step }),
  };
}

/** Runs the activity inside its request's trace context. */
export async function withActivityTrace<T>(
  requests: Pick<RequestLedger, 'get'>,
  input: unknown,
  context: InvocationContext,
  run: () => Promise<T>,
): Promise<T> {
  const trace = activityTraceContext(input, context);
  const traceparent = trace.requestId === undefined ? undefined : await traceparentOf(requests, trace.requestId);
  return runWithTrace({ ...trace, ...(traceparent === undefined ? {} : { traceparent }) }, run);
}
