/**
 * A compliance sweep of the whole fleet. Each generation lists up to `concurrency` pages of Active customers
 * (`batchSize` each), runs them as `sweepCustomerBatch` sub-orchestrations side by side, and continues as new with
 * the registry's continuation token: history holds one round (at most 2 × concurrency + 4 events), however large the
 * fleet. The last round adds the fleet's own findings and closes the report. A sweep never deletes anything.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { Activities, Orchestrations } from '../contracts';
import { all, callActivity, subOrchestrationTask } from '../steps/calls';
import { SweepInstanceIds, type ComplianceSweepInput, type ComplianceSweepOutput } from './contracts';

export function* complianceSweepOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ComplianceSweepOutput | undefined, unknown> {
  const input = context.df.getInput<ComplianceSweepInput>();
  const now = (): string => context.df.currentUtcDateTime.toISOString();
  try {
    if (input.cursor === undefined) {
      yield* callActivity(context, Activities.startSweep, {
        sweepId: input.sweepId,
        trigger: input.trigger,
        startedAt: now(),
      });
    }
    let continuationToken = input.cursor?.continuationToken;
    let batchIndex = input.cursor?.nextBatchIndex ?? 0;
    const batches: { readonly index: number; readonly customerIds: readonly string[] }[] = [];
    do {
      const page = yield* callActivity(context, Activities.listSweepCustomers, {
        pageSize: input.batchSize,
        ...(continuationToken === undefined ? {} : { continuationToken }),
      });
      if (page.customerIds.length > 0) batches.push({ index: batchIndex++, customerIds: page.customerIds });
      continuationToken = page.continuationToken;
    } while (continuationToken !== undefined && batches.length < input.concurrency);
    context.df.setCustomStatus({ phase: 'sweeping', sweepId: input.sweepId, batchesStarted: batchIndex });

    yield* all(context, {
      batches: batches.map((batch) =>
        subOrchestrationTask(
          context,
          Orchestrations.sweepCustomerBatch,
          { sweepId: input.sweepId, batchIndex: batch.index, customerIds: batch.customerIds, timing: input.timing },
          SweepInstanceIds.batch(input.sweepId, batch.index),
        ),
      ),
    });
    if (continuationToken !== undefined) {
      context.df.continueAsNew({ ...input, cursor: { continuationToken, nextBatchIndex: batchIndex } });
      return undefined;
    }
    return yield* callActivity(context, Activities.finishSweep, {
      sweepId: input.sweepId,
      status: 'Completed',
      finishedAt: now(),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return yield* callActivity(context, Activities.finishSweep, {
      sweepId: input.sweepId,
      status: 'Failed',
      finishedAt: now(),
      error: message,
    });
  }
}
