/**
 * The one logger the application writes through: structured lines with the time, the level, and the request they
 * belong to (`requestId`, `customerId`, the workflow `instanceId`, the plan `step`), plus the request's W3C
 * `traceparent` when it came with one. The implementation (shared/logging.ts) writes JSON lines; in Azure they reach
 * Application Insights through the Functions host (and Azure Monitor OpenTelemetry when configured).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a line is about. Every field is optional: a trigger knows the request before the customer, and so on. */
export interface LogFields {
  readonly requestId?: string;
  readonly customerId?: string;
  readonly instanceId?: string;
  readonly step?: string;
  readonly traceparent?: string;
  /** Anything else worth a field of its own (an outcome, a code, an ARM id). Secret-named fields are redacted. */
  readonly [field: string]: unknown;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry these fields (later fields win). */
  child(fields: LogFields): Logger;
}
