/**
 * Refusals a test arranges for one resource: the next write (PUT) of that resource is answered with the given ARM
 * error, as Azure answers a change it will not make (e.g. a bandwidth the provider's port has no room for, whose code
 * Azure does not document). Applied before the write touches anything; used once, then forgotten.
 */
import { ArmError } from './armError';
import { idKey } from './ids';

export interface ArrangedRefusal {
  readonly code: string;
  readonly message: string;
  /** HTTP status (default 400). */
  readonly status?: number;
}

const arranged = new WeakMap<object, Map<string, ArrangedRefusal>>();

export function arrangeRefusal(owner: object, resourceId: string, refusal: ArrangedRefusal): void {
  let refusals = arranged.get(owner);
  if (refusals === undefined) {
    refusals = new Map();
    arranged.set(owner, refusals);
  }
  refusals.set(idKey(resourceId), refusal);
}

/** Throws the refusal arranged for this resource's next write, if any (and forgets it). */
export function applyArrangedRefusal(owner: object, resourceId: string): void {
  const refusals = arranged.get(owner);
  const key = idKey(resourceId);
  const refusal = refusals?.get(key);
  if (refusals === undefined || refusal === undefined) return;
  refusals.delete(key);
  throw new ArmError(refusal.status ?? 400, refusal.code, refusal.message, {}, resourceId);
}
