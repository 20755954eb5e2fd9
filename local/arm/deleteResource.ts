/**
 * DELETE of a Network resource: 204 when it (or its parent) does not exist; otherwise refused while something uses
 * it, else `Deleting` and 202 with `Location` and `Azure-AsyncOperation` (ARM's connection and route-filter deletes
 * show the latter, circuit deletes the former; both are sent), removed with its children when the operation ends.
 */
import type { SimRequest, SimResponse } from './http';
import { emptyResponse } from './http';
import { asyncOperationUrl, operationResultUrl } from './operations';
import type { Simulation } from './simulation';
import type { Target } from './target';
import { guardLock } from './target';
import { operationFailure, removeWithDescendants, startOperation } from './writeOperations';

export function deleteResource(sim: Simulation, request: SimRequest, target: Target): SimResponse {
  if (target.missingParent !== undefined) return emptyResponse(204);
  const existing = sim.store.get(target.key);
  if (!existing) return emptyResponse(204);
  guardLock(sim, request, target, 'Delete');
  const failure = target.kind.checkDelete?.(sim, existing);
  existing.properties.provisioningState = 'Deleting';
  sim.touch(existing);
  const operation = startOperation(sim, request, target, 'DELETE', target.kind.deleteDuration, {
    onSucceeded: () => {
      const parent = existing.parentKey === undefined ? undefined : sim.store.get(existing.parentKey);
      removeWithDescendants(sim, existing);
      if (parent) sim.touch(parent);
    },
    failure: failure ? operationFailure(sim, failure, [existing]) : undefined,
  });
  return emptyResponse(202, {
    Location: operationResultUrl(request.origin, operation),
    'Azure-AsyncOperation': asyncOperationUrl(request.origin, operation),
    'Retry-After': String(sim.retryAfterFor(operation.completesAt - sim.now())),
  });
}
