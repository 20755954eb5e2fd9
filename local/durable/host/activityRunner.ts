/**
 * Runs one activity with the app's real handler and sends its result to the instance. Until the result is stored, a
 * crash loses it and the activity runs again after a restart (at-least-once, as on Azure).
 */
import { invokeFunction } from '../../functionsHost/invocationContextFactory';
import { parseJsonText } from '../wire/orchestratorState';
import type { MessageBody } from '../storage/records';
import { nowIso } from './hostServices';
import type { HostServices } from './hostServices';
import type { ActivityWorkItem } from './workQueue';

function describe(error: unknown): { message: string; details: string } {
  if (error instanceof Error)
    return { message: error.message, details: error.stack ?? `${error.name}: ${error.message}` };
  return { message: String(error), details: String(error) };
}

async function execute(services: HostServices, item: ActivityWorkItem): Promise<MessageBody> {
  const registration = services.registry.find(item.name, 'activity');
  const { executionId, taskId } = item;
  if (registration === undefined) {
    const reason = `The function '${item.name}' doesn't exist, is disabled, or is not an activity function.`;
    return { kind: 'taskFailed', executionId, taskScheduledId: taskId, reason, details: '' };
  }
  try {
    const { result } = await invokeFunction(registration, parseJsonText(item.input), {
      extraInputs: services.extraInputs(),
      logHandler: services.logHandler,
      triggerMetadata: { instanceId: item.instanceId },
    });
    const json = JSON.stringify(result) as string | undefined;
    return { kind: 'taskCompleted', executionId, taskScheduledId: taskId, result: json ?? 'null' };
  } catch (error) {
    const { message, details } = describe(error);
    const reason = `Activity function '${item.name}' failed: ${message}`;
    return { kind: 'taskFailed', executionId, taskScheduledId: taskId, reason, details };
  }
}

export async function runActivityWorkItem(services: HostServices, item: ActivityWorkItem): Promise<void> {
  const { instanceId, name, taskId } = item;
  services.emit({ type: 'activityStarted', instanceId, name, taskId });
  const body = await execute(services, item);
  const succeeded = body.kind === 'taskCompleted';
  services.emit({ type: 'activityCompleted', instanceId, name, taskId, succeeded });
  services.assertRunning();
  await services.store.sendMessage(instanceId, body, nowIso(services));
  services.emit({ type: 'activityResultStored', instanceId, name, taskId, succeeded });
  services.work.markRunnable(instanceId);
}
