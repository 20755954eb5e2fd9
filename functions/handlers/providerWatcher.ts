/**
 * The handler of the provider watcher timer (providerWatcher.timer.ts), required at its first call
 * (support/lazyHandler.ts): its services and schemas are not part of a cold start. The route, bindings and behaviour
 * are described in the registration file.
 */
import type { InvocationContext, Timer } from '@azure/functions';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';
import { appComposition } from '../../shared/composition';
import { AppError, ErrorCodes } from '../../shared/errors';
import { watchProviderWaits } from '../../shared/services/providerWatcher';

export function providerWatcherTimerHandler(timer: Timer, context: InvocationContext): Promise<void> {
  return watchPass(timer, context, 'provider watch', false);
}

export function providerCloseWatchTimerHandler(timer: Timer, context: InvocationContext): Promise<void> {
  return watchPass(timer, context, 'provider close watch', true);
}

async function watchPass(
  timer: Timer,
  context: InvocationContext,
  label: string,
  closeWatchOnly: boolean,
): Promise<void> {
  const { tables, activities } = appComposition();
  if (activities.compliance === undefined) {
    throw new AppError(ErrorCodes.invalidConfiguration, 'the provider watcher needs the Resource Graph inventory');
  }
  const summary = await watchProviderWaits(
    {
      waits: tables.providerWaits,
      inventory: activities.compliance.inventory,
      workflows: workflowClientFor(context),
    },
    { closeWatchOnly },
  );
  context.log(
    `${label}: ${String(summary.waits)} waits in ${String(summary.pages)} pages, ` +
      `${String(summary.resourceGraphQueries)} Resource Graph queries, ${String(summary.woken)} woken, ` +
      `${String(summary.unregistered)} forgotten, ${String(summary.closeWatchStarted)} put under close watch, ` +
      `${String(summary.closeWatchEnded)} taken out${timer.isPastDue ? ' (the timer was past due)' : ''}`,
  );
}
