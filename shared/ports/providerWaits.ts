/**
 * The provider waits in flight: one row per `awaitProvider` instance that waits for a connectivity provider to
 * provision (`Provisioned`) or deprovision (`NotProvisioned`) a circuit. The fleet-wide provider watcher
 * (`shared/services/providerWatcher.ts`) reads it page by page, asks Resource Graph for the circuits' provider state
 * in batches, and wakes the waits whose circuit is there. Implemented by `shared/adapters/tables/providerWaits.ts`.
 *
 * Registration happens in the activity that tells the provider (`notifyProvider`), so the schedule of the
 * orchestrators in flight does not change. A row outliving its wait is harmless: the watcher drops it once the
 * instance is gone or has ended.
 *
 * Waits whose circuit the provider is seen working on (`Provisioning` before `Provisioned`, `Deprovisioning` before
 * `NotProvisioned`) are kept apart, under *close watch*: a second, faster pass (every minute by default) reads only
 * them, so the provider's last step is noticed within a minute, while the whole registry is read every 5 minutes.
 */
import type { ArmId } from '../domain/intents';
import type { Page } from './customers';
import { ExternalEvents } from './requestWorkflows';

export const AWAITED_PROVIDER_STATES = ['Provisioned', 'NotProvisioned'] as const;
export type AwaitedProviderState = (typeof AWAITED_PROVIDER_STATES)[number];

export interface ProviderWait {
  /** The `awaitProvider` instance: `InstanceIds.providerWait(...)` or `InstanceIds.deprovisionWait(...)`. */
  readonly instanceId: string;
  readonly requestId: string;
  readonly customerId: string;
  readonly circuitId: ArmId;
  /** The tenant whose credential reads the circuit's subscription. */
  readonly tenantId: string;
  /** The circuit's subscription (lower case). */
  readonly subscriptionId: string;
  readonly awaiting: AwaitedProviderState;
  /** ISO 8601. */
  readonly registeredAt: string;
  /** Under close watch: the provider was last seen working on the circuit (see `providerAtWorkFor`). */
  readonly closeWatch?: boolean;
}

export interface ProviderWaitPageRequest {
  /** Default and maximum: 1000 (one Table storage page). */
  readonly pageSize?: number;
  /** From the previous page; omit for the first page. */
  readonly continuationToken?: string;
  /** Only the waits under close watch (default: every wait). */
  readonly closeWatchOnly?: boolean;
}

export interface ProviderWaitRegistry {
  /** Records the wait, or replaces the row of the same instance (idempotent: a retried activity registers again). */
  register(wait: ProviderWait): Promise<void>;
  /**
   * Puts the wait under close watch or takes it out (idempotent). The wait stays registered either way; the row
   * keeps every field `register` wrote.
   */
  setCloseWatch(wait: ProviderWait, closeWatch: boolean): Promise<void>;
  /** Forgets the wait, under close watch or not; nothing happens when it is not there. */
  unregister(instanceId: string): Promise<void>;
  /** One page of waits: those under close watch first, then the others, each in instance id order. */
  list(page?: ProviderWaitPageRequest): Promise<Page<ProviderWait>>;
}

/** The provider event that ends a wait for this state. */
export function wakeEventFor(awaiting: AwaitedProviderState): string {
  return awaiting === 'Provisioned' ? ExternalEvents.providerProvisioned : ExternalEvents.providerDeprovisioned;
}

/**
 * The provider state that shows the provider working towards the awaited one: a wait whose circuit reports it is put
 * under close watch.
 */
export function providerAtWorkFor(awaiting: AwaitedProviderState): string {
  return awaiting === 'Provisioned' ? 'Provisioning' : 'Deprovisioning';
}
