/**
 * Calls the app's real orchestration handler (durable-functions' Orchestrator) with the payload the Durable extension
 * sends: the full history in wire format (earlier episodes `IsPlayed: true`), the input, the instance id, the schema
 * versions it supports and the timer limits. Payload and result go through JSON, as between host and worker.
 */
import { ReplaySchema } from 'durable-functions/lib/src/orchestrations/ReplaySchema';
import type { LogHandler } from '@azure/functions';
import { createInvocationContext } from '../../functionsHost/invocationContextFactory';
import type { RegisteredFunction } from '../../functionsHost/functionRegistry';
import { toWireEvent } from '../wire/historyEvents';
import type { HistoryEvent } from '../wire/historyEvents';
import { parseOrchestratorState, resultFromThrown, throughTheWire } from '../wire/orchestratorState';
import type { EpisodeResult } from '../wire/orchestratorState';
import {
  DEFAULT_HTTP_ASYNC_SLEEP_MS,
  LONG_RUNNING_TIMER_INTERVAL_DURATION,
  MAXIMUM_SHORT_TIMER_DURATION,
} from '../replay/timerLimits';

export interface OrchestrationInvocation {
  readonly registration: RegisteredFunction;
  readonly instanceId: string;
  readonly parentInstanceId: string | undefined;
  readonly input: unknown;
  readonly pastEvents: readonly HistoryEvent[];
  readonly newEvents: readonly HistoryEvent[];
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  readonly logHandler?: LogHandler;
}

export function orchestrationTriggerPayload(invocation: OrchestrationInvocation): Record<string, unknown> {
  return {
    history: [
      ...invocation.pastEvents.map((event) => toWireEvent(event, true)),
      ...invocation.newEvents.map((event) => toWireEvent(event, false)),
    ],
    input: invocation.input,
    instanceId: invocation.instanceId,
    isReplaying: invocation.pastEvents.length > 0,
    parentInstanceId: invocation.parentInstanceId,
    upperSchemaVersion: ReplaySchema.V3,
    upperSchemaVersionNew: ReplaySchema.V4,
    maximumShortTimerDuration: MAXIMUM_SHORT_TIMER_DURATION,
    longRunningTimerIntervalDuration: LONG_RUNNING_TIMER_INTERVAL_DURATION,
    defaultHttpAsyncRequestSleepTimeMillseconds: DEFAULT_HTTP_ASYNC_SLEEP_MS,
  };
}

export async function invokeOrchestration(invocation: OrchestrationInvocation): Promise<EpisodeResult> {
  const context = createInvocationContext(invocation.registration, {
    extraInputs: invocation.extraInputs,
    logHandler: invocation.logHandler,
    triggerMetadata: { instanceId: invocation.instanceId },
  });
  try {
    const returned: unknown = await invocation.registration.handler(
      throughTheWire(orchestrationTriggerPayload(invocation)),
      context,
    );
    return { state: parseOrchestratorState(throughTheWire(returned)), failure: undefined };
  } catch (thrown) {
    return resultFromThrown(thrown);
  }
}
