/**
 * Long-running operations. A write is applied at once with `provisioningState: Updating` (or `Deleting`); its
 * operation finishes `durationMs` later on the simulator's clock, when the resource becomes `Succeeded` (or is
 * removed), or `Failed` with an error. While an operation runs, its lock key (the circuit for a peering, the route
 * table for a route…) refuses other writes.
 */
import type { CloudErrorBody } from './armError';
import type { Scheduler } from './scheduler';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface OperationFailure {
  readonly error: CloudErrorBody;
  /** Status the Location URL answers once the operation failed. */
  readonly httpStatus: number;
  /** What the failure leaves behind (e.g. a circuit in provisioningState Failed). */
  readonly apply: () => void;
}

export interface SimOperation {
  readonly id: string;
  /** NRP-style operation name, e.g. `PutExpressRouteCircuitPeeringOperation`. */
  readonly name: string;
  readonly method: 'PUT' | 'DELETE';
  readonly subscriptionId: string;
  /** Normalized Azure region used in the operation URLs. */
  readonly location: string;
  readonly resourceId: string;
  readonly lockKey: string;
  readonly apiVersion: string;
  readonly startedAt: number;
  readonly completesAt: number;
  status: OperationStatus;
  error: CloudErrorBody | undefined;
  failureStatus: number | undefined;
}

export interface OperationSpec {
  readonly id: string;
  readonly name: string;
  readonly method: 'PUT' | 'DELETE';
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceId: string;
  readonly lockKey: string;
  readonly apiVersion: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly onSucceeded: () => void;
  readonly failure?: OperationFailure;
}

export class OperationRegistry {
  private readonly operations = new Map<string, SimOperation>();

  constructor(private readonly scheduler: Scheduler) {}

  start(spec: OperationSpec): SimOperation {
    const operation: SimOperation = {
      id: spec.id,
      name: spec.name,
      method: spec.method,
      subscriptionId: spec.subscriptionId,
      location: spec.location,
      resourceId: spec.resourceId,
      lockKey: spec.lockKey,
      apiVersion: spec.apiVersion,
      startedAt: spec.startedAt,
      completesAt: spec.startedAt + Math.max(0, spec.durationMs),
      status: 'InProgress',
      error: undefined,
      failureStatus: undefined,
    };
    this.operations.set(operation.id.toLowerCase(), operation);
    this.scheduler.schedule(operation.completesAt, () => {
      if (spec.failure) {
        spec.failure.apply();
        operation.status = 'Failed';
        operation.error = spec.failure.error;
        operation.failureStatus = spec.failure.httpStatus;
      } else {
        spec.onSucceeded();
        operation.status = 'Succeeded';
      }
    });
    return operation;
  }

  get(id: string): SimOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  /** The running operation holding `lockKey`, if any. */
  blocking(lockKey: string): SimOperation | undefined {
    for (const operation of this.operations.values()) {
      if (operation.status === 'InProgress' && operation.lockKey === lockKey) return operation;
    }
    return undefined;
  }

  all(): SimOperation[] {
    return [...this.operations.values()];
  }
}

/** The polling URLs ARM hands out for an operation (absolute, on the host the client called). */
export function asyncOperationUrl(origin: string, operation: SimOperation): string {
  return `${origin}/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.location}/operations/${operation.id}?api-version=${operation.apiVersion}`;
}

export function operationResultUrl(origin: string, operation: SimOperation): string {
  return `${origin}/subscriptions/${operation.subscriptionId}/providers/Microsoft.Network/locations/${operation.location}/operationResults/${operation.id}?api-version=${operation.apiVersion}`;
}
