/**
 * The fleet-wide provider watcher: `%ERCSP_PROVIDER_WATCH_SCHEDULE%` (an app setting, every 5 minutes by default:
 * shared/config.ts DEFAULT_PROVIDER_WATCH_SCHEDULE), resolved by the Functions host. Each firing makes one pass over the provider waits in flight
 * (shared/services/providerWatcher.ts): Resource Graph is asked for the waited circuits page by page, and each wait
 * whose circuit reached the awaited provider state is woken through the Durable client.
 *
 * One singleton: the Functions host runs a timer trigger on one instance at a time across the whole app (it holds a
 * blob lease for it), so two passes never overlap, and a pass that overran its interval is not doubled. A timer
 * rather than an eternal orchestration, because a pass needs no durable state: the registry is the state, and a
 * pass that crashed is simply the next one, five minutes later. It writes no Durable history at all.
 * docs/provider-watcher.md explains the design and the figures.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { workflowClientFor } from '../shared/adapters/durable/workflowClient';
import { appComposition } from '../shared/composition';
import { AppError, ErrorCodes } from '../shared/errors';
import { watchProviderWaits } from '../shared/services/providerWatcher';

const PROVIDER_WATCH_TIMER = {
  name: 'providerWatcherTimer',
  schedule: '%ERCSP_PROVIDER_WATCH_SCHEDULE%',
} as const;

export async function providerWatcherTimerHandler(timer: Timer, context: InvocationContext): Promise<void> {
  const { tables, activities } = appComposition();
  if (activities.compliance === undefined) {
    throw new AppError(ErrorCodes.invalidConfiguration, 'the provider watcher needs the Resource Graph inventory');
  }
  const summary = await watchProviderWaits({
    waits: tables.providerWaits,
    inventory: activities.compliance.inventory,
    workflows: workflowClientFor(context),
  });
  context.log(
    `provider watch: ${String(summary.waits)} waits in ${String(summary.pages)} pages, ` +
      `${String(summary.resourceGraphQueries)} Resource Graph queries, ${String(summary.woken)} woken, ` +
      `${String(summary.unregistered)} forgotten${timer.isPastDue ? ' (the timer was past due)' : ''}`,
  );
}

app.timer(PROVIDER_WATCH_TIMER.name, {
  schedule: PROVIDER_WATCH_TIMER.schedule,
  extraInputs: [df.input.durableClient()],
  handler: providerWatcherTimerHandler,
});
