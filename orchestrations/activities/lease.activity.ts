import type { LeaseInput, ReleaseLeaseOutput, TryAcquireLeaseOutput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

export function createTryAcquireLeaseActivity(deps: ActivityDependencies) {
  return async (input: LeaseInput): Promise<TryAcquireLeaseOutput> => {
    const result = await deps.leases.tryAcquire(input.customerId, input.owner);
    return result.acquired ? { acquired: true } : { acquired: false, heldBy: result.heldBy, since: result.since };
  };
}

/** Releases only this owner's lease: after an operator broke it and another request took it, that one keeps it. */
export function createReleaseLeaseActivity(deps: ActivityDependencies) {
  return async (input: LeaseInput): Promise<ReleaseLeaseOutput> =>
    (await deps.leases.release(input.customerId, input.owner)).outcome;
}
