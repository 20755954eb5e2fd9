export { DurableHostSimulator } from './host/durableHostSimulator';
export type { DurableHostSimulatorOptions, RunOptions, RunSummary, StartOptions } from './host/durableHostSimulator';
export type { InstanceStatus, RuntimeStatus } from './host/instanceStatus';
export type {
  EpisodeCompletedEvent,
  ScheduledSummary,
  SimulatorEvent,
  SimulatorEventListener,
} from './host/simulatorEvents';
export {
  InstanceAlreadyExistsError,
  InstanceNotCompletedError,
  InstanceNotFoundError,
  InvalidInstanceIdError,
  SimulatorStateError,
} from './host/errors';
export { DurableHistoryStore, InstanceConflictError } from './storage/historyStore';
export type { HistoryStoreOptions } from './storage/historyStore';
export { tableNamesFor, InvalidTaskHubNameError } from './storage/tableNames';
export type { TaskHubTables } from './storage/tableNames';
export { HistoryEventType } from './wire/historyEvents';
export type { HistoryEvent, WireHistoryEvent } from './wire/historyEvents';
export { NON_DETERMINISTIC_PREFIX } from './replay/nonDeterminism';
export { durableClientBinding } from './http/clientBinding';
export type { DurableClientBindingData } from './http/clientBinding';
