/**
 * The two polling endpoints ARM hands out:
 *  - `…/locations/{loc}/operations/{id}` (Azure-AsyncOperation): 200 `{ status: InProgress|Succeeded|Failed, error? }`;
 *  - `…/locations/{loc}/operationResults/{id}` (Location): 202 while running, then 204 (delete) or 200 with the
 *    resource (put), or the failure's status with a CloudError.
 * With virtual time, the poll after an InProgress answer (or, 'complete-on-poll', the first) moves the clock to the
 * operation's end first (see simulation.ts).
 */
import { ArmError } from './armError';
import type { SimRequest, SimResponse } from './http';
import { emptyResponse, jsonResponse } from './http';
import type { SimOperation } from './operations';
import { operationResultUrl } from './operations';
import { renderResource } from './render';
import type { Simulation } from './simulation';

function findOperation(sim: Simulation, operationId: string): SimOperation {
  const operation = sim.operations.get(operationId);
  if (!operation) throw new ArmError(404, 'OperationNotFound', `The operation '${operationId}' could not be found.`);
  sim.redeemWait(waitKey(operation));
  if (operation.status === 'InProgress' && sim.config.virtualTime === 'complete-on-poll') {
    sim.advanceClockTo(operation.completesAt);
  }
  return operation;
}

function waitKey(operation: SimOperation): string {
  return `operation:${operation.id}`;
}

/** The client is told to wait for the operation: with virtual time, its next poll will find the wait done. */
function retryAfter(sim: Simulation, operation: SimOperation): string {
  sim.promiseWait(waitKey(operation), operation.completesAt);
  return String(sim.retryAfterFor(operation.completesAt - sim.now()));
}

export function pollAsyncOperation(sim: Simulation, operationId: string): SimResponse {
  const operation = findOperation(sim, operationId);
  switch (operation.status) {
    case 'InProgress':
      return jsonResponse(200, { status: 'InProgress' }, { 'Retry-After': retryAfter(sim, operation) });
    case 'Succeeded':
      return jsonResponse(200, { status: 'Succeeded' });
    case 'Failed':
      return jsonResponse(200, {
        status: 'Failed',
        error: { code: operation.error?.code ?? 'InternalServerError', message: operation.error?.message ?? '' },
      });
  }
}

export function pollOperationResult(sim: Simulation, request: SimRequest, operationId: string): SimResponse {
  const operation = findOperation(sim, operationId);
  switch (operation.status) {
    case 'InProgress':
      return emptyResponse(202, {
        Location: operationResultUrl(request.origin, operation),
        'Retry-After': retryAfter(sim, operation),
      });
    case 'Succeeded': {
      const resource = operation.method === 'PUT' ? sim.store.get(operation.resourceId) : undefined;
      return resource ? jsonResponse(200, renderResource(sim, resource)) : emptyResponse(204);
    }
    case 'Failed': {
      const error = new ArmError(
        operation.failureStatus ?? 400,
        operation.error?.code ?? 'InternalServerError',
        operation.error?.message ?? '',
      );
      return jsonResponse(error.status, error.toBody());
    }
  }
}
