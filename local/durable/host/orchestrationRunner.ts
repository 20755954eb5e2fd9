/**
 * One orchestration work item: read the instance, its history and its waiting messages; run an episode (the real
 * orchestrator through durable-functions, then the extension's replay model); commit history, instance row and the
 * work it scheduled; delete the messages it applied. The commit is not interrupted by a halt once it has begun.
 */
import { HistoryEventType, NO_EVENT_ID } from '../wire/historyEvents';
import type { HistoryEvent } from '../wire/historyEvents';
import { actionsOf, parseJsonText, WorkerProtocolError } from '../wire/orchestratorState';
import type { EpisodeResult } from '../wire/orchestratorState';
import { replayActions } from '../replay/extensionReplay';
import type { ReplayOutcome, ScheduledOperation } from '../replay/extensionReplay';
import {
  LONG_RUNNING_TIMER_INTERVAL_DURATION,
  MAXIMUM_SHORT_TIMER_DURATION,
  timeSpanToMs,
} from '../replay/timerLimits';
import { planEpisode } from '../episode/episodePlanner';
import type { EpisodePlan } from '../episode/episodePlanner';
import { invokeOrchestration } from '../episode/orchestrationInvoker';
import { closingEvents, decideEpisode, schedulingEvents } from '../episode/episodeOutcome';
import type { EpisodeDecision } from '../episode/episodeOutcome';
import { isTerminalStatus } from '../storage/records';
import type { InstanceRecord, RuntimeStatus } from '../storage/records';
import type { StoredMessage } from '../storage/historyStore';
import { newExecutionId, notifyParent, startSubOrchestration } from './instanceLifecycle';
import { nowIso } from './hostServices';
import type { HostServices } from './hostServices';
import { statusOf } from './instanceStatus';
import type { InstanceStatus } from './instanceStatus';
import type { ScheduledSummary } from './simulatorEvents';

const MAXIMUM_SHORT_TIMER_MS = timeSpanToMs(MAXIMUM_SHORT_TIMER_DURATION);
const LONG_RUNNING_TIMER_INTERVAL_MS = timeSpanToMs(LONG_RUNNING_TIMER_INTERVAL_DURATION);

interface EpisodeRun {
  readonly result: EpisodeResult | undefined;
  readonly replay: ReplayOutcome | undefined;
  readonly decision: EpisodeDecision;
}

/** Runs the next episode of `instanceId` if it has messages; returns its status afterwards (undefined: nothing ran). */
export async function runOrchestrationWorkItem(
  services: HostServices,
  instanceId: string,
): Promise<InstanceStatus | undefined> {
  // Messages first: an instance row is written before its first message, so a message read implies a readable row.
  const messages = await services.store.readMessages(instanceId);
  if (messages.length === 0) return undefined;
  const record = await services.store.getInstance(instanceId);
  if (record === undefined || isTerminalStatus(record.runtimeStatus)) {
    const reason = record === undefined ? 'no such instance' : `the instance is ${record.runtimeStatus}`;
    await discard(
      services,
      instanceId,
      messages.map((message) => ({ message, reason })),
    );
    return undefined;
  }
  const history = await services.store.readHistory(instanceId, record.generation);
  const now = nowIso(services);
  const plan = planEpisode(record, history, messages, now);
  if (plan.terminate !== undefined) return terminate(services, record, history, plan, messages, now);
  if (plan.newEvents.length <= 1) {
    await discard(services, instanceId, plan.discarded);
    return undefined;
  }
  const run = await runEpisode(services, record, history, plan.newEvents);
  return commitEpisode(services, record, history, plan, run, now);
}

async function runEpisode(
  services: HostServices,
  record: InstanceRecord,
  history: readonly HistoryEvent[],
  newEvents: readonly HistoryEvent[],
): Promise<EpisodeRun> {
  const registration = services.registry.find(record.name, 'orchestration');
  if (registration === undefined) {
    const reason = `The function '${record.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
    return { result: undefined, replay: undefined, decision: { kind: 'failed', reason } };
  }
  const result = await invokeOrchestration({
    registration,
    instanceId: record.instanceId,
    parentInstanceId: record.parent?.instanceId,
    input: parseJsonText(record.input),
    pastEvents: history,
    newEvents,
    extraInputs: services.extraInputs(),
    logHandler: services.logHandler,
  });
  let actions;
  try {
    actions = actionsOf(result.state);
  } catch (error) {
    if (!(error instanceof WorkerProtocolError)) throw error;
    return { result, replay: undefined, decision: { kind: 'failed', reason: error.message } };
  }
  const replay = replayActions(actions, [...history, ...newEvents], {
    instanceId: record.instanceId,
    executionId: record.executionId,
    parentInstanceId: record.parent?.instanceId,
    maximumShortTimerMs: MAXIMUM_SHORT_TIMER_MS,
    longRunningTimerIntervalMs: LONG_RUNNING_TIMER_INTERVAL_MS,
    functionExists: (name, kind) => services.registry.has(name, kind),
  });
  return { result, replay, decision: decideEpisode(record.name, result, replay) };
}

function statusAfter(decision: EpisodeDecision): RuntimeStatus {
  switch (decision.kind) {
    case 'running':
      return 'Running';
    case 'completed':
      return 'Completed';
    case 'failed':
      return 'Failed';
    case 'continuedAsNew':
      return 'ContinuedAsNew';
  }
}

function outputAfter(decision: EpisodeDecision): string | null {
  if (decision.kind === 'completed') return decision.output;
  if (decision.kind === 'failed') return JSON.stringify(decision.reason);
  return null;
}

function summarize(operation: ScheduledOperation): ScheduledSummary {
  const target = operation.kind === 'timer' ? operation.fireAt.toISOString() : operation.name;
  return { kind: operation.kind, taskId: operation.taskId, target };
}

async function commitEpisode(
  services: HostServices,
  record: InstanceRecord,
  history: readonly HistoryEvent[],
  plan: EpisodePlan,
  run: EpisodeRun,
  now: string,
): Promise<InstanceStatus> {
  const { decision, replay, result } = run;
  // Everything the replay scheduled is recorded (a timer cancelled in its own episode too, as DTFx records it); work is
  // dispatched only while the instance runs: an ended instance would discard the results anyway.
  const operations = replay?.newOperations ?? [];
  const appended = [...plan.newEvents, ...schedulingEvents(operations, now), ...closingEvents(decision, now)];
  const customStatus = result?.state.customStatus;

  services.assertRunning();
  await services.store.appendHistory(record.instanceId, record.generation, history.length, appended);
  const continued = decision.kind === 'continuedAsNew';
  const updated: InstanceRecord = {
    ...record,
    runtimeStatus: statusAfter(decision),
    output: outputAfter(decision),
    customStatus: customStatus === undefined ? null : JSON.stringify(customStatus),
    lastUpdatedTime: now,
    episodes: record.episodes + 1,
    historyEventCount: continued ? 0 : history.length + appended.length,
    ...(continued ? { generation: record.generation + 1, executionId: newExecutionId(), input: decision.input } : {}),
  };
  await services.store.replaceInstance(updated);

  if (decision.kind === 'running') for (const operation of operations) await dispatch(services, updated, operation);
  if (decision.kind === 'continuedAsNew') {
    await startNextGeneration(services, record, updated, decision, now);
  } else if (decision.kind !== 'running') {
    services.work.dropTimersOf(record.instanceId);
    await notifyParent(services, updated, decision.kind === 'failed' ? decision.reason : undefined);
  }
  await services.store.deleteMessages(record.instanceId, [...plan.applied, ...plan.discarded.map((d) => d.message)]);

  reportDiscarded(services, record.instanceId, plan.discarded);
  services.emit({
    type: 'episodeCompleted',
    instanceId: record.instanceId,
    name: record.name,
    generation: record.generation,
    episode: updated.episodes,
    runtimeStatus: updated.runtimeStatus,
    historyEvents: history.length + plan.newEvents.length,
    scheduled: operations.map(summarize),
  });
  reportWarnings(services, record, run);
  if (decision.kind === 'completed' || decision.kind === 'failed') {
    services.emit({
      type: 'instanceCompleted',
      instanceId: record.instanceId,
      name: record.name,
      runtimeStatus: decision.kind === 'completed' ? 'Completed' : 'Failed',
      output: parseJsonText(updated.output),
    });
  }
  return statusOf(updated);
}

async function dispatch(services: HostServices, record: InstanceRecord, operation: ScheduledOperation): Promise<void> {
  const { instanceId, executionId } = record;
  switch (operation.kind) {
    case 'activity':
      services.work.enqueueActivity({
        instanceId,
        executionId,
        taskId: operation.taskId,
        name: operation.name,
        input: operation.input,
      });
      return;
    case 'timer':
      services.work.addTimer({
        instanceId,
        executionId,
        timerId: operation.taskId,
        fireAtMs: operation.fireAt.getTime(),
      });
      return;
    case 'subOrchestration':
      await startSubOrchestration(services, record, operation);
      return;
  }
}

/** continueAsNew: the next generation starts from a fresh history with the new input and the carried-over events. */
async function startNextGeneration(
  services: HostServices,
  previous: InstanceRecord,
  updated: InstanceRecord,
  decision: Extract<EpisodeDecision, { kind: 'continuedAsNew' }>,
  now: string,
): Promise<void> {
  services.work.dropTimersOf(previous.instanceId);
  await services.store.sendMessage(
    updated.instanceId,
    {
      kind: 'executionStarted',
      executionId: updated.executionId,
      name: updated.name,
      input: decision.input,
      parent: updated.parent,
      carryover: decision.carryover.map((event) => ({ name: event.Name, input: event.Input })),
    },
    now,
  );
  if (!services.keepPreviousGenerations)
    await services.store.deleteGeneration(previous.instanceId, previous.generation);
  services.work.markRunnable(updated.instanceId);
  services.emit({
    type: 'continuedAsNew',
    instanceId: updated.instanceId,
    name: updated.name,
    generation: updated.generation,
    carriedOverEvents: decision.carryover.length,
  });
}

async function terminate(
  services: HostServices,
  record: InstanceRecord,
  history: readonly HistoryEvent[],
  plan: EpisodePlan,
  messages: readonly StoredMessage[],
  now: string,
): Promise<InstanceStatus> {
  const reason = plan.terminate?.reason ?? null;
  const appended: HistoryEvent[] = [
    { EventType: HistoryEventType.OrchestratorStarted, EventId: NO_EVENT_ID, Timestamp: now },
    {
      EventType: HistoryEventType.ExecutionTerminated,
      EventId: NO_EVENT_ID,
      Timestamp: now,
      Input: JSON.stringify(reason),
    },
  ];
  services.assertRunning();
  await services.store.appendHistory(record.instanceId, record.generation, history.length, appended);
  const updated: InstanceRecord = {
    ...record,
    runtimeStatus: 'Terminated',
    output: JSON.stringify(reason),
    lastUpdatedTime: now,
    historyEventCount: history.length + appended.length,
  };
  await services.store.replaceInstance(updated);
  services.work.dropTimersOf(record.instanceId);
  await notifyParent(services, updated, `Sub-orchestration '${record.instanceId}' was terminated: ${reason ?? ''}`);
  await services.store.deleteMessages(record.instanceId, messages);
  services.emit({
    type: 'instanceCompleted',
    instanceId: record.instanceId,
    name: record.name,
    runtimeStatus: 'Terminated',
    output: reason,
  });
  return statusOf(updated);
}

async function discard(
  services: HostServices,
  instanceId: string,
  discarded: readonly { message: StoredMessage; reason: string }[],
): Promise<void> {
  if (discarded.length === 0) return;
  services.assertRunning();
  await services.store.deleteMessages(
    instanceId,
    discarded.map((d) => d.message),
  );
  reportDiscarded(services, instanceId, discarded);
}

function reportDiscarded(
  services: HostServices,
  instanceId: string,
  discarded: readonly { message: StoredMessage; reason: string }[],
): void {
  for (const { message, reason } of discarded) {
    services.emit({ type: 'messageDiscarded', instanceId, kind: message.body.kind, reason });
  }
}

function reportWarnings(services: HostServices, record: InstanceRecord, run: EpisodeRun): void {
  const { replay, result, decision } = run;
  if (replay === undefined || result === undefined) return;
  for (const rejected of replay.rejectedCalls) {
    services.emit({
      type: 'warning',
      instanceId: record.instanceId,
      message: `${rejected} The extension fails that call without scheduling anything; the orchestrator will wait for it forever.`,
    });
  }
  const waitingForNothing =
    decision.kind === 'running' &&
    !result.state.isDone &&
    result.failure === undefined &&
    replay.shimFinished &&
    replay.openTaskIds.length === 0 &&
    replay.awaitedEvents.length === 0;
  if (waitingForNothing) {
    services.emit({
      type: 'warning',
      instanceId: record.instanceId,
      message:
        'The orchestrator waits for a task the extension will never complete (e.g. a retry timer after the retry ' +
        'timeout expired: durable-js #629); the instance stays Running.',
    });
  }
}
