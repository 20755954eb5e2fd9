/**
 * Safe repairs of one customer, found by a sweep: under the customer's lease (after any request in flight), each
 * owning resource (a route table, an NSG, a subnet association, a tagged resource) ensured by the same idempotent
 * ensure activity onboarding uses, which checkpoints the step under the sweep's id. A repair that fails is counted
 * and the others go on; nothing is ever deleted.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { ensureResource } from '../steps/ensureResource';
import { acquireCustomerLease, releaseCustomerLease } from '../steps/requestSteps';
import type { RepairCustomerDriftInput, RepairCustomerDriftOutput } from './contracts';

export function* repairCustomerDriftOrchestrator(
  context: OrchestrationContext,
): Generator<Task, RepairCustomerDriftOutput, unknown> {
  const input = context.df.getInput<RepairCustomerDriftInput>();
  const requestId = `sweep-${input.sweepId}`;
  yield* acquireCustomerLease(context, { requestId, customerId: input.customerId }, input.timing);
  let repaired = 0;
  let failed = 0;
  try {
    for (const repair of input.repairs) {
      try {
        yield* ensureResource(
          context,
          { requestId, customerId: input.customerId, stepKey: repair.stepKey },
          repair.intent,
        );
        repaired += 1;
      } catch {
        failed += 1;
      }
    }
  } finally {
    yield* releaseCustomerLease(context, input.customerId);
  }
  return { repaired, failed };
}
