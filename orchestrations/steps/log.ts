/**
 * The orchestrators' logger: the same JSON lines as everywhere (shared/logging.ts), stamped with the orchestration
 * clock (`currentUtcDateTime`) and the instance id, and silent while the orchestrator replays its history, so that a
 * line is written once per thing that happened, not once per replay (the Durable docs' `isReplaying` guidance).
 */
import type { OrchestrationContext } from 'durable-functions';
import { JsonLinesLogger, invocationSink, type LogSink } from '../../shared/logging';
import type { LogFields, Logger } from '../../shared/ports/logger';

export function orchestrationLogger(context: OrchestrationContext, fields: LogFields = {}): Logger {
  const host = invocationSink(context);
  // Asked at each line: the same generator replays old events, then runs new ones, within one episode.
  const sink: LogSink = (level, line) => {
    if (!context.df.isReplaying) host(level, line);
  };
  return new JsonLinesLogger(
    sink,
    { instanceId: context.df.instanceId, ...fields },
    () => context.df.currentUtcDateTime,
  );
}
