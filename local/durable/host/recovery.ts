/**
 * Rebuilds the in-memory work from the tables when a simulator starts over existing state (after `stop()` or a
 * simulated crash), as a restarted host would from its queues and history:
 * - instances with waiting messages get an episode;
 * - activities scheduled in history with neither a result in history nor a stored result message run again;
 * - timers created in history that have not fired are armed again;
 * - sub-orchestrations that were created in history but have no instance are started; ended ones report again.
 */
import { HistoryEventType, completedTaskId } from '../wire/historyEvents';
import { isTerminalStatus } from '../storage/records';
import type { InstanceRecord } from '../storage/records';
import type { StoredMessage } from '../storage/historyStore';
import { notifyParent, startSubOrchestration } from './instanceLifecycle';
import type { HostServices } from './hostServices';

function pendingCompletionIds(record: InstanceRecord, messages: readonly StoredMessage[]): Set<number> {
  const ids = new Set<number>();
  for (const { body } of messages) {
    if (!('executionId' in body) || body.executionId !== record.executionId) continue;
    if (body.kind === 'timerFired') ids.add(body.timerId);
    else if (body.kind !== 'executionStarted') ids.add(body.taskScheduledId);
  }
  return ids;
}

async function recoverInstance(services: HostServices, record: InstanceRecord): Promise<void> {
  const { instanceId, executionId } = record;
  const messages = await services.store.readMessages(instanceId);
  if (messages.length > 0) services.work.markRunnable(instanceId);
  const history = await services.store.readHistory(instanceId, record.generation);
  const done = new Set(history.map(completedTaskId).filter((id) => id !== undefined));
  for (const id of pendingCompletionIds(record, messages)) done.add(id);

  for (const event of history) {
    if (done.has(event.EventId)) continue;
    switch (event.EventType) {
      case HistoryEventType.TaskScheduled:
        if (
          services.work.enqueueActivity({
            instanceId,
            executionId,
            taskId: event.EventId,
            name: event.Name,
            input: event.Input ?? 'null',
          })
        ) {
          services.emit({ type: 'activityRedispatched', instanceId, name: event.Name, taskId: event.EventId });
        }
        break;
      case HistoryEventType.TimerCreated:
        services.work.addTimer({ instanceId, executionId, timerId: event.EventId, fireAtMs: Date.parse(event.FireAt) });
        break;
      case HistoryEventType.SubOrchestrationInstanceCreated: {
        const child = await services.store.getInstance(event.InstanceId);
        if (child === undefined) {
          await startSubOrchestration(services, record, {
            taskId: event.EventId,
            name: event.Name,
            instanceId: event.InstanceId,
            input: event.Input ?? 'null',
          });
        } else if (isTerminalStatus(child.runtimeStatus) && child.parent?.executionId === executionId) {
          await notifyParent(services, child);
        }
        break;
      }
      default:
        break;
    }
  }
}

export async function recoverPendingWork(services: HostServices): Promise<void> {
  const records = await services.store.listInstances();
  for (const record of records) {
    if (!isTerminalStatus(record.runtimeStatus)) await recoverInstance(services, record);
  }
}
