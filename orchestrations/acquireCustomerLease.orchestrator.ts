/**
 * One request per customer at a time: waits (durable timers, one attempt per generation so history stays bounded)
 * until the customer's lease is free, then takes it for the requesting instance. Different customers never wait
 * for each other.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { Activities, type AcquireLeaseInput } from './contracts';
import { callActivity } from './steps/calls';
import { pollUntil } from './steps/poll';

export function* acquireCustomerLeaseOrchestrator(
  context: OrchestrationContext,
): Generator<Task, true | undefined, unknown> {
  const input = context.df.getInput<AcquireLeaseInput>();
  const result = yield* pollUntil(context, {
    check: () =>
      callActivity(context, Activities.tryAcquireLease, { customerId: input.customerId, owner: input.owner }),
    isDone: (attempt) => attempt.acquired,
    // A request waits for the one ahead of it however long that takes; the one ahead is itself bounded.
    deadlineAt: Number.MAX_SAFE_INTEGER,
    intervalMs: input.timing.leasePollMs,
    maxChecks: 1,
    onPending: function* (attempt) {
      if (!attempt.acquired)
        context.df.setCustomStatus({ phase: 'queued', heldBy: attempt.heldBy, since: attempt.since });
      yield* [];
    },
  });
  if (result.status === 'done') return true;
  context.df.continueAsNew(input);
  return undefined;
}
