/**
 * The scheduled compliance sweep: `%ERCSP_SWEEP_SCHEDULE%` (an app setting, hourly by default: `0 0 * * * *`),
 * resolved by the Functions host. Each firing starts one sweep, named by the minute it fired in, so a duplicate
 * firing finds it running and starts nothing. The sweep itself is the `complianceSweep` orchestration.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { workflowClientFor } from '../shared/adapters/durable/workflowClient';
import { appComposition } from '../shared/composition';
import { AppError } from '../shared/errors';
import { WorkflowErrors } from '../shared/ports/workflows';
import { Orchestrations } from '../orchestrations/contracts';
import { SweepInstanceIds, type ComplianceSweepInput } from '../orchestrations/sweeps/contracts';
import { COMPLIANCE_SWEEP_TIMER, timerSweepId } from './http/complianceRoutes';

export async function complianceSweepTimerHandler(timer: Timer, context: InvocationContext): Promise<void> {
  const { config } = appComposition();
  const sweepId = timerSweepId(new Date());
  const input: ComplianceSweepInput = {
    sweepId,
    trigger: 'timer',
    batchSize: config.sweeps.batchSize,
    concurrency: config.sweeps.concurrency,
    timing: config.timing,
  };
  try {
    await workflowClientFor(context).start(Orchestrations.complianceSweep, SweepInstanceIds.sweep(sweepId), input);
    context.log(`compliance sweep ${sweepId} started${timer.isPastDue ? ' (the timer was past due)' : ''}`);
  } catch (error) {
    if (error instanceof AppError && error.code === WorkflowErrors.instanceAlreadyExists) {
      context.log(`compliance sweep ${sweepId} is already running; nothing started`);
      return;
    }
    throw error;
  }
}

app.timer(COMPLIANCE_SWEEP_TIMER.name, {
  schedule: COMPLIANCE_SWEEP_TIMER.schedule,
  extraInputs: [df.input.durableClient()],
  handler: complianceSweepTimerHandler,
});
