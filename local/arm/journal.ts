/**
 * The write journal: per resource, when each write operation (PUT or DELETE) started and when it ended, on the
 * simulator's clock. Every write the simulator accepts runs as a long-running operation (operations.ts) that holds the
 * resource until it ends, so the journal is read from the operation registry: nothing is recorded twice. A write
 * refused before it started (a validation error, a conflict) has no entry.
 *
 * A test asserts with it that two resources were never being written at the same time (`overlaps`), e.g. the two
 * circuits of a pair during a bandwidth change.
 */
import { idKey } from './ids';
import type { SimOperation } from './operations';

export interface JournalEntry {
  /** The resource the operation wrote (its ARM id as the client spelled it). */
  readonly resourceId: string;
  /** NRP-style operation name, e.g. `PutExpressRouteCircuitOperation`. */
  readonly operation: string;
  readonly method: 'PUT' | 'DELETE';
  /** Epoch milliseconds on the simulator's clock. */
  readonly startedAt: number;
  /** When the operation ended (Succeeded or Failed); absent while it runs. */
  readonly endedAt?: number;
  readonly status: SimOperation['status'];
}

/**
 * The journal of `resourceId` and of the resources under it (a peering's write holds its circuit too), in start
 * order; every resource when `resourceId` is left out.
 */
export function writeJournal(operations: readonly SimOperation[], resourceId?: string): JournalEntry[] {
  const key = resourceId === undefined ? undefined : idKey(resourceId);
  return operations
    .filter((operation) => {
      if (key === undefined) return true;
      const written = idKey(operation.resourceId);
      return written === key || written.startsWith(`${key}/`);
    })
    .map((operation) => ({
      resourceId: operation.resourceId,
      operation: operation.name,
      method: operation.method,
      startedAt: operation.startedAt,
      ...(operation.status === 'InProgress' ? {} : { endedAt: operation.completesAt }),
      status: operation.status,
    }))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * Pairs of entries, one from each journal, whose operations ran at the same time (an entry still running counts as
 * running until `now`). Touching ends (one ends as the other starts) do not overlap.
 */
export function overlaps(
  first: readonly JournalEntry[],
  second: readonly JournalEntry[],
  now: number,
): [JournalEntry, JournalEntry][] {
  const found: [JournalEntry, JournalEntry][] = [];
  for (const a of first) {
    for (const b of second) {
      if (a.startedAt < (b.endedAt ?? now) && b.startedAt < (a.endedAt ?? now)) found.push([a, b]);
    }
  }
  return found;
}
