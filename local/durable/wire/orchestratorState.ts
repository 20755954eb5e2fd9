/**
 * What the JS worker returns from an orchestration episode (durable-functions' OrchestratorState, after the JSON trip
 * to the host): `isDone`, the complete list of actions since the start (schema ≥ V2: one array, Task.any/all nested as
 * `compoundActions`), `output`, `error`, `customStatus`. A failure arrives as an exception whose message carries
 * `"$OutOfProcData$:" + JSON(state)`.
 */
import { ActionType } from 'durable-functions/lib/src/actions/ActionType';

export { ActionType };

export interface WireRetryOptions {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient?: number;
  readonly maxRetryIntervalInMilliseconds?: number;
  readonly retryTimeoutInMilliseconds?: number;
}

export type WireAction =
  | { readonly actionType: ActionType.CallActivity; readonly functionName: string; readonly input?: unknown }
  | {
      readonly actionType: ActionType.CallActivityWithRetry;
      readonly functionName: string;
      readonly retryOptions: WireRetryOptions;
      readonly input?: unknown;
    }
  | {
      readonly actionType: ActionType.CallSubOrchestrator;
      readonly functionName: string;
      readonly instanceId?: string;
      readonly input?: unknown;
    }
  | {
      readonly actionType: ActionType.CallSubOrchestratorWithRetry;
      readonly functionName: string;
      readonly retryOptions: WireRetryOptions;
      readonly instanceId?: string;
      readonly input?: unknown;
    }
  | { readonly actionType: ActionType.ContinueAsNew; readonly input?: unknown }
  | { readonly actionType: ActionType.CreateTimer; readonly fireAt: string; readonly isCanceled?: boolean }
  | { readonly actionType: ActionType.WaitForExternalEvent; readonly externalEventName: string }
  | {
      readonly actionType: ActionType.WhenAny | ActionType.WhenAll;
      readonly compoundActions: readonly WireAction[];
    }
  | {
      readonly actionType:
        | ActionType.CallEntity
        | ActionType.CallHttp
        | ActionType.SignalEntity
        | ActionType.LockEntities
        | ActionType.ReleaseEntities;
    };

export interface WireOrchestratorState {
  readonly isDone: boolean;
  readonly actions: readonly (readonly WireAction[])[];
  readonly output?: unknown;
  readonly error?: string;
  readonly customStatus?: unknown;
  readonly schemaVersion?: number;
}

/** One episode as the host sees it: the state, and the error message when the orchestrator threw. */
export interface EpisodeResult {
  readonly state: WireOrchestratorState;
  readonly failure: string | undefined;
}

const OUT_OF_PROC_LABEL = '$OutOfProcData$:';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class WorkerProtocolError extends Error {
  override readonly name = 'WorkerProtocolError';
}

/** Validates the shape the host relies on; the worker's JSON is otherwise trusted as the host trusts it. */
export function parseOrchestratorState(json: unknown): WireOrchestratorState {
  if (!isRecord(json) || typeof json.isDone !== 'boolean' || !Array.isArray(json.actions)) {
    throw new WorkerProtocolError(`The orchestrator returned an unexpected payload: ${JSON.stringify(json)}`);
  }
  return json as unknown as WireOrchestratorState;
}

/** The JSON trip between worker and host: Dates become ISO strings, class instances plain objects. */
export function throughTheWire(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** Reads what the orchestration handler threw: durable-functions' OrchestrationFailureError, or anything else. */
export function resultFromThrown(thrown: unknown): EpisodeResult {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const labelAt = message.indexOf(OUT_OF_PROC_LABEL);
  if (labelAt >= 0) {
    const state = parseOrchestratorState(JSON.parse(message.slice(labelAt + OUT_OF_PROC_LABEL.length)) as unknown);
    return { state, failure: state.error ?? message.slice(0, labelAt).trim() };
  }
  return { state: { isDone: false, actions: [[]] }, failure: message };
}

/** The single action list of schema ≥ V2 (V1 nests one array per yield; the simulator always offers V2+). */
export function actionsOf(state: WireOrchestratorState): readonly WireAction[] {
  if (state.actions.length > 1) {
    throw new WorkerProtocolError(
      `With schema ≥ V2 the actions array must have one inner array, got ${state.actions.length}.`,
    );
  }
  return state.actions[0] ?? [];
}

/**
 * Inputs of activities and continueAsNew go through durable-functions' `processInput`, which JSON-stringifies string
 * inputs; the extension reads such a string as JSON. Returns the JSON text the activity or next generation receives.
 */
export function preSerializedInputToJson(input: unknown): string {
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input ?? null);
}

/** Sub-orchestration inputs are passed raw. */
export function rawInputToJson(input: unknown): string {
  return JSON.stringify(input ?? null);
}

export function parseJsonText(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return null;
  return JSON.parse(text) as unknown;
}
