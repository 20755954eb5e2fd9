/**
 * The handler of the scheduled compliance sweep (complianceSweep.timer.ts), required at its first call
 * (support/lazyHandler.ts): its services and schemas are not part of a cold start. The route, bindings and behaviour
 * are described in the registration file.
 */
import type { InvocationContext, Timer } from '@azure/functions';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';
import { appComposition } from '../../shared/composition';
import { AppError } from '../../shared/errors';
import { WorkflowErrors } from '../../shared/ports/workflows';
import { Orchestrations } from '../../orchestrations/contracts';
import { SweepInstanceIds, complianceSweepInput } from '../../orchestrations/sweeps/contracts';
import { timerSweepId } from '../http/complianceRoutes';

export async function complianceSweepTimerHandler(timer: Timer, context: InvocationContext): Promise<void> {
  const { config } = appComposition();
  const sweepId = timerSweepId(new Date());
  const input = complianceSweepInput(sweepId, 'timer', config);
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
