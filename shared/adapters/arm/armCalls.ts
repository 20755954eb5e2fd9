/**
 * The few shapes every ARM call takes here: GET (404 → undefined), PUT (wait for the LRO or only start it), DELETE
 * (404/204 → nothing to do), each with errors mapped to `ArmOperationError`, plus the wait for a resource found
 * mid-operation to settle and the read-after-write loop.
 */
import { ArmOperationError } from '../../errors';
import type { ArmContext } from './armContext';
import { ArmAdapterErrorCodes } from './armErrorCodes';
import { isRestErrorLike, toArmError } from './armErrors';
import type { DeleteOutcome } from '../../ports/network';

export interface LroOptions {
  readonly updateIntervalInMs?: number;
}

export async function getOrUndefined<T>(resourceId: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isRestErrorLike(error) && error.statusCode === 404) return undefined;
    throw toArmError(error, { action: 'GET', resourceId });
  }
}

/** Lists a pageable collection into an array (errors mapped). */
export async function listAll<T>(what: string, pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  try {
    for await (const item of pages) items.push(item);
  } catch (error) {
    throw toArmError(error, { action: 'LIST', resourceId: what });
  }
  return items;
}

/** What the SDK's `begin…` returns (its SimplePollerLike), as far as the adapter needs it. */
export interface StartedOperation {
  isDone(): boolean;
  getOperationState(): { readonly status: string; readonly error?: Error };
  pollUntilDone(): Promise<unknown>;
}

/**
 * The SDK's `begin…` call of one PUT or DELETE: sends it and returns the poller after its first status read. The
 * SDK's `begin…AndWait` is exactly this followed by `pollUntilDone()`, which is what a caller that waits does.
 */
export type BeginOperation = (options: LroOptions) => Promise<StartedOperation>;

/**
 * Sends the PUT. `waitForCompletion: false` returns once ARM accepted it (the SDK's `begin…` also makes one status
 * poll); the caller then reads the resource back and reports its provisioningState as ARM does (e.g. Updating).
 */
export async function putResource(
  context: ArmContext,
  resourceId: string,
  waitForCompletion: boolean,
  begin: BeginOperation,
  secrets: readonly string[] = [],
): Promise<void> {
  const options: LroOptions = { updateIntervalInMs: context.pollIntervalMs };
  try {
    const started = await begin(options);
    if (waitForCompletion) await started.pollUntilDone();
  } catch (error) {
    throw toArmError(error, { action: 'PUT', resourceId, secrets });
  }
}

/**
 * A resource ARM is already deleting (an earlier DELETE whose answer was lost): a caller that does not wait reports
 * `deleting` instead of sending the DELETE again.
 */
export function alreadyDeleting(resource: unknown, waitForCompletion: boolean): boolean {
  if (waitForCompletion || typeof resource !== 'object' || resource === null) return false;
  const state = (resource as { provisioningState?: unknown }).provisioningState;
  return typeof state === 'string' && state.toLowerCase() === 'deleting';
}

/**
 * Sends the DELETE: `absent` when ARM says the resource was already gone. `waitForCompletion: false` returns once
 * ARM accepted it: `deleting` while the operation is still under way at the SDK's first status read, else `deleted`.
 */
export async function deleteResource(
  context: ArmContext,
  resourceId: string,
  waitForCompletion: boolean,
  begin: BeginOperation,
): Promise<DeleteOutcome> {
  const options: LroOptions = { updateIntervalInMs: context.pollIntervalMs };
  try {
    const started = await begin(options);
    if (waitForCompletion) {
      await started.pollUntilDone();
      return 'deleted';
    }
    const state = started.getOperationState();
    if (state.status === 'failed' || state.status === 'canceled') {
      throw state.error ?? new Error(`the DELETE of ${resourceId} ended ${state.status}`);
    }
    return started.isDone() ? 'deleted' : 'deleting';
  } catch (error) {
    if (isRestErrorLike(error) && error.statusCode === 404) return 'absent';
    throw toArmError(error, { action: 'DELETE', resourceId });
  }
}

/** What a read-after-write check concluded about the resource as read. */
export type ReadBackVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export const READ_BACK_OK: ReadBackVerdict = { ok: true };

/**
 * GETs the resource until it is visible and (when a check is given) shows what was written. A check may also throw
 * (e.g. a Failed circuit), which ends the loop at once.
 */
export async function readAfterWrite<T>(
  context: ArmContext,
  resourceId: string,
  get: () => Promise<T | undefined>,
  check: (resource: T) => ReadBackVerdict = () => READ_BACK_OK,
): Promise<T> {
  let lastReason = 'not visible';
  for (let attempt = 0; attempt < context.readAfterWrite.attempts; attempt += 1) {
    if (attempt > 0) await context.sleep(context.readAfterWrite.intervalMs);
    const resource = await get();
    if (resource === undefined) {
      lastReason = 'not visible';
      continue;
    }
    const verdict = check(resource);
    if (verdict.ok) return resource;
    lastReason = verdict.reason;
  }
  const notVisible = lastReason === 'not visible';
  throw new ArmOperationError(
    notVisible ? ArmAdapterErrorCodes.readAfterWriteNotVisible : ArmAdapterErrorCodes.readAfterWriteMismatch,
    `${resourceId}: after a successful PUT, ${context.readAfterWrite.attempts} reads found it ${lastReason}`,
    { retryable: true, target: resourceId },
  );
}

/** Provisioning states of a resource whose operation is still running. */
const TRANSITIONAL_STATES = new Set(['updating', 'creating', 'deleting']);

export function isTransitional(provisioningState: string | undefined): boolean {
  return provisioningState !== undefined && TRANSITIONAL_STATES.has(provisioningState.toLowerCase());
}

/**
 * An ensure that finds its resource mid-operation (someone else's write, or its own earlier PUT whose reply was lost)
 * must not compare or report it yet: what it shows then (a circuit's all-zeros service key, say) is not what it will
 * be. When the caller waits for completion, the resource is read again every `settle.intervalMs`, at most
 * `settle.attempts` times, until its provisioningState is terminal; it is returned as it settled (undefined when a
 * delete finished). An operation that ended Failed is `ResourceProvisioningFailed` (not retryable: what was being done
 * failed); one still running after the last read is `ResourceNotSettled` (retryable). Without waiting, the resource
 * is returned as found. A resource found already Failed is returned as is: its ensure re-PUTs it (NRP's retry).
 */
export async function settled<T extends { readonly provisioningState?: string }>(
  context: ArmContext,
  resourceId: string,
  found: T | undefined,
  get: () => Promise<T | undefined>,
  wait: boolean,
): Promise<T | undefined> {
  if (!wait) return found;
  let current = found;
  for (let reads = 0; current !== undefined && isTransitional(current.provisioningState); reads += 1) {
    if (reads >= context.settle.attempts) {
      throw new ArmOperationError(
        ArmAdapterErrorCodes.resourceNotSettled,
        `${resourceId}: still ${current.provisioningState ?? '?'} after ${reads} reads ${context.settle.intervalMs} ms apart; the operation it is in has not ended`,
        { retryable: true, target: resourceId },
      );
    }
    const seen = current.provisioningState ?? '?';
    await context.sleep(context.settle.intervalMs);
    current = await get();
    if (current?.provisioningState === 'Failed') {
      throw new ArmOperationError(
        ArmAdapterErrorCodes.resourceProvisioningFailed,
        `${resourceId}: found ${seen}, the operation it was in ended Failed; it needs attention before it is written again`,
        { retryable: false, target: resourceId },
      );
    }
  }
  return current;
}
