/** The long-running side of writes: starting the operation, and what its end does to the resources. */
import type { SimRequest } from './http';
import type { PlannedFailure, ResourceKind } from './kinds/kind';
import type { OperationFailure, SimOperation } from './operations';
import type { Simulation } from './simulation';
import type { StoredResource } from './store';
import type { Target } from './target';

export function removeWithDescendants(sim: Simulation, resource: StoredResource): void {
  for (const descendant of sim.store.descendants(resource.key)) sim.store.remove(descendant.key);
  sim.store.remove(resource.key);
}

export function settleState(sim: Simulation, resources: readonly StoredResource[], state: string): void {
  for (const resource of resources) {
    if (sim.store.get(resource.key) !== resource) continue;
    resource.properties.provisioningState = state;
    sim.touch(resource);
  }
}

export function operationFailure(
  sim: Simulation,
  failure: PlannedFailure,
  resources: readonly StoredResource[],
): OperationFailure {
  const [resource] = resources;
  return {
    error: { code: failure.code, message: failure.message },
    httpStatus: failure.httpStatus ?? 400,
    apply: () => {
      settleState(sim, resources, 'Failed');
      if (resource && failure.apply) failure.apply(resource);
    },
  };
}

export function startOperation(
  sim: Simulation,
  request: SimRequest,
  target: Target,
  method: 'PUT' | 'DELETE',
  durationKey: ResourceKind['duration'],
  outcome: { onSucceeded: () => void; failure: OperationFailure | undefined },
): SimOperation {
  const verb = method === 'PUT' ? 'Put' : 'Delete';
  return sim.operations.start({
    id: sim.newGuid(),
    name: `${verb}${target.kind.operationNoun}Operation`,
    method,
    subscriptionId: target.group.subscriptionId,
    location: target.location,
    resourceId: target.id,
    lockKey: target.lockKey,
    apiVersion: request.query.get('api-version') ?? '',
    startedAt: sim.now(),
    durationMs: sim.duration(durationKey),
    onSucceeded: outcome.onSucceeded,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  });
}
