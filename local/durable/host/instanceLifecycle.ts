/** Starting instances (top-level or sub-orchestrations) and telling a parent that its sub-orchestration ended. */
import { randomUUID } from 'node:crypto';
import { InstanceConflictError } from '../storage/historyStore';
import { isTerminalStatus } from '../storage/records';
import type { InstanceRecord, MessageBody, ParentLink } from '../storage/records';
import { InstanceAlreadyExistsError } from './errors';
import { nowIso } from './hostServices';
import type { HostServices } from './hostServices';

export function newExecutionId(): string {
  return randomUUID().replace(/-/g, '');
}

export interface NewInstance {
  readonly instanceId: string;
  readonly name: string;
  /** JSON text, or null for no input. */
  readonly input: string | null;
  readonly parent: ParentLink | null;
}

/**
 * Creates the instance row (Pending) and queues its ExecutionStarted message. An existing instance is replaced only
 * when it is terminal (its history and messages are purged first); otherwise InstanceAlreadyExistsError. Part of an
 * episode's commit when it starts a sub-orchestration, so it does not check for a halt itself.
 */
export async function createInstance(services: HostServices, instance: NewInstance): Promise<InstanceRecord> {
  const existing = await services.store.getInstance(instance.instanceId);
  if (existing !== undefined) {
    if (!isTerminalStatus(existing.runtimeStatus)) {
      throw new InstanceAlreadyExistsError(instance.instanceId, existing.runtimeStatus);
    }
    await services.store.purgeInstance(instance.instanceId);
  }
  const now = nowIso(services);
  const executionId = newExecutionId();
  const record: InstanceRecord = {
    instanceId: instance.instanceId,
    name: instance.name,
    runtimeStatus: 'Pending',
    input: instance.input,
    output: null,
    customStatus: null,
    createdTime: now,
    lastUpdatedTime: now,
    executionId,
    generation: 1,
    episodes: 0,
    historyEventCount: 0,
    parent: instance.parent,
  };
  try {
    await services.store.createInstance(record);
  } catch (error) {
    if (error instanceof InstanceConflictError) throw new InstanceAlreadyExistsError(instance.instanceId, 'Pending');
    throw error;
  }
  await services.store.sendMessage(
    instance.instanceId,
    {
      kind: 'executionStarted',
      executionId,
      name: instance.name,
      input: instance.input,
      parent: instance.parent,
      carryover: [],
    },
    now,
  );
  services.emit({
    type: 'instanceStarted',
    instanceId: instance.instanceId,
    name: instance.name,
    ...(instance.parent === null ? {} : { parentInstanceId: instance.parent.instanceId }),
  });
  services.work.markRunnable(instance.instanceId);
  return record;
}

/** A terminal child reports to its parent, which may be waiting on `callSubOrchestrator`. */
export async function notifyParent(
  services: HostServices,
  child: InstanceRecord,
  failureReason?: string,
): Promise<void> {
  const { parent } = child;
  if (parent === null) return;
  const body: MessageBody =
    child.runtimeStatus === 'Completed'
      ? {
          kind: 'subOrchestrationCompleted',
          executionId: parent.executionId,
          taskScheduledId: parent.taskScheduledId,
          result: child.output ?? 'null',
        }
      : {
          kind: 'subOrchestrationFailed',
          executionId: parent.executionId,
          taskScheduledId: parent.taskScheduledId,
          reason: failureReason ?? `Sub-orchestration '${child.instanceId}' ended as ${child.runtimeStatus}.`,
          details: '',
        };
  await services.store.sendMessage(parent.instanceId, body, nowIso(services));
  services.work.markRunnable(parent.instanceId);
}

/** A sub-orchestration whose instance id is taken by a running instance fails at once. */
export async function startSubOrchestration(
  services: HostServices,
  parent: InstanceRecord,
  child: { readonly taskId: number; readonly name: string; readonly instanceId: string; readonly input: string },
): Promise<void> {
  const link: ParentLink = {
    instanceId: parent.instanceId,
    executionId: parent.executionId,
    name: parent.name,
    taskScheduledId: child.taskId,
  };
  try {
    await createInstance(services, {
      instanceId: child.instanceId,
      name: child.name,
      input: child.input,
      parent: link,
    });
  } catch (error) {
    if (!(error instanceof InstanceAlreadyExistsError)) throw error;
    await services.store.sendMessage(
      parent.instanceId,
      {
        kind: 'subOrchestrationFailed',
        executionId: parent.executionId,
        taskScheduledId: child.taskId,
        reason: error.message,
        details: '',
      },
      nowIso(services),
    );
    services.work.markRunnable(parent.instanceId);
  }
}
