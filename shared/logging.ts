/**
 * The JSON-lines implementation of the `Logger` port: one JSON object per line with `time` (ISO 8601), `level`,
 * `message`, then `requestId`, `customerId`, `instanceId`, `step` and `traceparent` when known (from the logger's
 * own fields, the call's, or the current trace context), then any other field. Messages go through `scrubSecrets`
 * and fields through `redactFields`: a secret never reaches a log line. Where the line goes is the sink's business:
 * an Azure Functions `InvocationContext` (so the host and Application Insights keep it), a file, a test's array.
 */
import type { InvocationContext } from '@azure/functions';
import type { LogFields, Logger, LogLevel } from './ports/logger';
import { redactFields, scrubSecrets } from './redaction';
import { currentTrace } from './tracing';

export type LogSink = (level: LogLevel, line: string) => void;

/** The fields every line leads with, in this order. */
const LEADING_FIELDS = ['requestId', 'customerId', 'instanceId', 'step', 'traceparent'] as const;

export class JsonLinesLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly fields: LogFields = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLinesLogger(this.sink, { ...this.fields, ...fields }, this.now);
  }

  private write(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.sink(level, formatLogLine(this.now(), level, message, { ...currentTrace(), ...this.fields, ...fields }));
  }
}

/** One line: `{"time":…,"level":…,"message":…,"requestId":…,…}`; fields left undefined are left out. */
export function formatLogLine(time: Date, level: LogLevel, message: string, fields: LogFields): string {
  const safe = redactFields(fields) as Record<string, unknown>;
  const line: Record<string, unknown> = { time: time.toISOString(), level, message: scrubSecrets(message) };
  for (const name of LEADING_FIELDS) if (safe[name] !== undefined) line[name] = safe[name];
  for (const [name, value] of Object.entries(safe)) {
    if (value !== undefined && !(name in line)) line[name] = value;
  }
  return JSON.stringify(line);
}

/** Writes to an invocation's log (the host's `context.log`, `warn`, `error`), where the platform collects it. */
export function invocationSink(context: InvocationContext): LogSink {
  return (level, line) => {
    switch (level) {
      case 'debug':
        context.debug(line);
        return;
      case 'info':
        context.info(line);
        return;
      case 'warn':
        context.warn(line);
        return;
      case 'error':
        context.error(line);
        return;
    }
  };
}

/**
 * The logger of one invocation: its lines go to the host through the context, and carry the workflow instance the
 * host names in the trigger metadata (Durable activity triggers give `instanceId`) besides `fields`.
 */
export function invocationLogger(context: InvocationContext, fields: LogFields = {}): Logger {
  const instanceId = context.triggerMetadata?.instanceId;
  return new JsonLinesLogger(invocationSink(context), {
    ...(typeof instanceId === 'string' ? { instanceId } : {}),
    ...fields,
  });
}

/** What the intake decided about one request, as one line with its request, customer and instance. */
export function logIntakeOutcome(
  logger: Logger,
  channel: string,
  outcome:
    | {
        readonly kind: 'accepted' | 'duplicate';
        readonly requestId: string;
        readonly customerId: string;
        readonly instanceId: string;
      }
    | {
        readonly kind: 'rejected';
        readonly requestId?: string;
        readonly customerId?: string;
        readonly code: string;
        readonly issues: readonly unknown[];
      },
): void {
  const about = {
    ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
    ...(outcome.customerId === undefined ? {} : { customerId: outcome.customerId }),
  };
  if (outcome.kind === 'rejected') {
    logger.warn(`request refused over ${channel}: ${outcome.code} (${outcome.issues.length} issues)`, {
      ...about,
      code: outcome.code,
    });
    return;
  }
  logger.info(`request ${outcome.kind} over ${channel}`, { ...about, instanceId: outcome.instanceId });
}
