/**
 * One request per customer at a time: waits (durable timers, one attempt per generation so history stays bounded)
 * until the customer's lease is free, then takes it for the requesting instance. Different customers never wait
 * for each other.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { Activities, type AcquireLeaseInput, type LeaseInput, type TryAcquireLeaseOutput } from './contracts';
import { transientRetry } from './steps/retry';

export function* acquireCustomerLeaseOrchestrator(
  context: OrchestrationContext,
): Generator<Task, true | undefined, unknown> {
  const input = context.df.getInput<AcquireLeaseInput>();
  const attempt = (yield context.df.callActivityWithRetry(Activities.tryAcquireLease, transientRetry(), {
    customerId: input.customerId,
    owner: input.owner,
  } satisfies LeaseInput)) as TryAcquireLeaseOutput;
  if (attempt.acquired) return true;

  context.df.setCustomStatus({ phase: 'queued', heldBy: attempt.heldBy, since: attempt.since });
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + input.timing.leasePollMs));
  context.df.continueAsNew(input);
  return undefined;
}
