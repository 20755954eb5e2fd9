/**
 * One batch of customers: inventory and findings in one activity (Resource Graph, then ARM reads only for customers
 * with findings), then safe repairs per customer (each under its lease, side by side), `drift.detected` for
 * destructive drift (reported, never repaired), and the batch's row of the report.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { Activities, Orchestrations } from '../contracts';
import { activityTask, all, callActivity, subOrchestrationTask } from '../steps/calls';
import { SweepInstanceIds, type SweepCustomerBatchInput, type SweepCustomerBatchOutput } from './contracts';

export function* sweepCustomerBatchOrchestrator(
  context: OrchestrationContext,
): Generator<Task, SweepCustomerBatchOutput, unknown> {
  const input = context.df.getInput<SweepCustomerBatchInput>();
  const time = context.df.currentUtcDateTime.toISOString();
  const evaluation = yield* callActivity(context, Activities.evaluateSweepBatch, {
    sweepId: input.sweepId,
    customerIds: input.customerIds,
    at: time,
  });
  const toRepair = evaluation.customers.filter((customer) => customer.repairs.length > 0);
  const drifted = evaluation.customers.filter((customer) => customer.destructive.length > 0);
  const { repairs } = yield* all(context, {
    repairs: toRepair.map((customer) =>
      subOrchestrationTask(
        context,
        Orchestrations.repairCustomerDrift,
        { sweepId: input.sweepId, customerId: customer.customerId, repairs: customer.repairs, timing: input.timing },
        SweepInstanceIds.repair(input.sweepId, customer.customerId),
      ),
    ),
    events: drifted.map((customer) =>
      activityTask(context, Activities.publishEvent, {
        id: `drift-${input.sweepId}-${customer.customerId}`,
        type: OutboundEventTypes.driftDetected,
        customerId: customer.customerId,
        time,
        data: {
          sweepId: input.sweepId,
          customerId: customer.customerId,
          findings: customer.destructive.map((finding) => ({ ...finding })),
          repaired: false,
          note: 'Destructive drift is never repaired automatically: a person must decide.',
        },
      }),
    ),
  });
  const summary: SweepCustomerBatchOutput = {
    ...evaluation.summary,
    repaired: repairs.reduce((sum, outcome) => sum + outcome.repaired, 0),
    repairsFailed: repairs.reduce((sum, outcome) => sum + outcome.failed, 0),
  };
  yield* callActivity(context, Activities.recordSweepBatch, {
    sweepId: input.sweepId,
    batchIndex: input.batchIndex,
    summary,
  });
  return summary;
}
