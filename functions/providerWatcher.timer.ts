/**
 * The fleet-wide provider watcher: `%ERCSP_PROVIDER_WATCH_SCHEDULE%` (an app setting, every 5 minutes by default:
 * shared/config.ts DEFAULT_PROVIDER_WATCH_SCHEDULE), resolved by the Functions host. Each firing makes one pass over
 * the provider waits in flight (shared/services/providerWatcher.ts): Resource Graph is asked for the waited circuits
 * page by page, and each wait whose circuit reached the awaited provider state is woken through the Durable client.
 *
 * Its close watch, `%ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE%` (every minute by default), makes the same pass over only
 * the waits whose provider was seen at work (`Provisioning`, `Deprovisioning`): their last step is noticed within a
 * minute. With no such wait, a firing costs one Table query that returns nothing.
 *
 * One singleton: the Functions host runs a timer trigger on one instance at a time across the whole app (it holds a
 * blob lease for it), so two passes never overlap, and a pass that overran its interval is not doubled. A timer
 * rather than an eternal orchestration, because a pass needs no durable state: the registry is the state, and a
 * pass that crashed is simply the next one. Neither timer writes Durable history. The two may overlap: a wait
 * then gets its event twice, and the second finds it ended or decides again on its own ARM read.
 * docs/provider-watcher.md explains the design and the figures.
 */
import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type * as ProviderWatcherHandler from './handlers/providerWatcher';
import { lazyHandler } from './support/lazyHandler';

const PROVIDER_WATCH_TIMER = {
  name: 'providerWatcherTimer',
  schedule: '%ERCSP_PROVIDER_WATCH_SCHEDULE%',
} as const;

const PROVIDER_CLOSE_WATCH_TIMER = {
  name: 'providerCloseWatchTimer',
  schedule: '%ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE%',
} as const;

function handlers(): typeof ProviderWatcherHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/providerWatcher') as typeof ProviderWatcherHandler;
}

app.timer(PROVIDER_WATCH_TIMER.name, {
  schedule: PROVIDER_WATCH_TIMER.schedule,
  extraInputs: [df.input.durableClient()],
  handler: lazyHandler(() => handlers().providerWatcherTimerHandler),
});

app.timer(PROVIDER_CLOSE_WATCH_TIMER.name, {
  schedule: PROVIDER_CLOSE_WATCH_TIMER.schedule,
  extraInputs: [df.input.durableClient()],
  handler: lazyHandler(() => handlers().providerCloseWatchTimerHandler),
});
