import type { LogHandler } from '@azure/functions';
import type { FunctionRegistry } from '../../functionsHost/functionRegistry';
import type { VirtualClock } from '../../clock';
import type { DurableHistoryStore } from '../storage/historyStore';
import type { SimulatorEvent } from './simulatorEvents';
import type { WorkQueue } from './workQueue';

/** What the work-item runners need from the simulator. */
export interface HostServices {
  readonly store: DurableHistoryStore;
  readonly registry: FunctionRegistry;
  readonly clock: VirtualClock;
  readonly work: WorkQueue;
  readonly keepPreviousGenerations: boolean;
  readonly logHandler: LogHandler | undefined;
  /** Values for extra input bindings of app functions (the durableClient binding once the HTTP API listens). */
  extraInputs(): Readonly<Record<string, unknown>>;
  emit(event: SimulatorEvent): void;
  /** Throws SimulatorHaltedError once the simulator was halted: called before every durable write. */
  assertRunning(): void;
}

export function nowIso(services: HostServices): string {
  return new Date(services.clock.now()).toISOString();
}
