/**
 * The request an activity or a trigger is working for, carried along its asynchronous calls (AsyncLocalStorage), so
 * that what it causes further down (ARM calls through the adapter's pipeline, outbound events, log lines) can say
 * which request, customer, workflow instance and W3C trace it belongs to, without every port taking it as an
 * argument. Set by the activity registration (orchestrations/register.ts) and the intake; read by the ARM pipeline
 * policy (`x-ms-correlation-request-id`, `traceparent`), the outbound events (their `traceparent`) and the logger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TraceContext {
  readonly requestId?: string;
  readonly customerId?: string;
  readonly instanceId?: string;
  readonly step?: string;
  /** The inbound CloudEvent's W3C `traceparent` (`00-<trace-id>-<parent-id>-<flags>`), when it had one. */
  readonly traceparent?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

/** Runs `work` with `context` as the current trace context (merged over the one already current). */
export function runWithTrace<T>(context: TraceContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...definedOnly(context) }, work);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

function definedOnly(context: TraceContext): TraceContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
}

/** A W3C trace context `traceparent`, version 00, with a trace id and a parent id that are not all zeros. */
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export function isTraceparent(text: string): boolean {
  return TRACEPARENT.test(text);
}

/**
 * The trace id of a `traceparent` written as a GUID (its 32 hex digits, 8-4-4-4-12): what ARM takes as
 * `x-ms-correlation-request-id`, so that every ARM request of one traced request shares one correlation id in
 * Azure's activity log. Undefined for anything that is not a valid traceparent.
 */
export function correlationIdOf(traceparent: string): string | undefined {
  const traceId = TRACEPARENT.exec(traceparent)?.[1];
  if (traceId === undefined) return undefined;
  return [
    traceId.slice(0, 8),
    traceId.slice(8, 12),
    traceId.slice(12, 16),
    traceId.slice(16, 20),
    traceId.slice(20),
  ].join('-');
}
