import { parseJsonText } from '../wire/orchestratorState';
import type { InstanceRecord, RuntimeStatus } from '../storage/records';

export type { RuntimeStatus };

/** An instance as `getStatus` reports it. Payloads are parsed JSON; a failed instance's output is its reason. */
export interface InstanceStatus {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  /** History events of the current generation. */
  readonly historyEvents: number;
  /** Orchestrator invocations since the instance was started (all generations). */
  readonly episodes: number;
  /** 1 + the number of continueAsNew so far. */
  readonly generations: number;
  readonly parentInstanceId: string | undefined;
}

export function statusOf(record: InstanceRecord): InstanceStatus {
  return {
    instanceId: record.instanceId,
    name: record.name,
    runtimeStatus: record.runtimeStatus,
    input: parseJsonText(record.input),
    output: parseJsonText(record.output),
    customStatus: parseJsonText(record.customStatus),
    createdTime: new Date(record.createdTime),
    lastUpdatedTime: new Date(record.lastUpdatedTime),
    historyEvents: record.historyEventCount,
    episodes: record.episodes,
    generations: record.generation,
    parentInstanceId: record.parent?.instanceId,
  };
}
