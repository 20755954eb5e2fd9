/**
 * The simulated Network resource provider's state and clock, shared by the HTTP handlers and the control API.
 *
 * Virtual time (VirtualClock only): whenever the simulator tells a client to wait, it says `Retry-After: 0` and lets
 * the clock do the waiting instead. The wait is promised when told and taken when the client comes back:
 *  - `'advance-on-poll'` (default on a VirtualClock): a poll of an unfinished operation answers InProgress; the
 *    client's next poll of that operation first moves the clock to the operation's end (the client "waited"), so it
 *    answers the final status. An SDK `begin…AndWait` therefore finishes in two polls, with no real delay when the
 *    client polls at once (`updateIntervalInMs: 0`: core-lro ignores `Retry-After: 0` and would otherwise wait its
 *    2 s default); an SDK `begin…` (which polls once) leaves the operation running, as in Azure.
 *  - `'complete-on-poll'`: the first poll already moves the clock to the operation's end (no client option needed,
 *    but even a single poll completes the operation).
 *  - both: a 429 (write conflict or throttling) promises its wait; the client's next request of the same kind (a
 *    write to the same locked resource, a request in the same throttled bucket) moves the clock by it first.
 * With `'none'`, the clock moves only when its owner moves it, and Retry-After reports `retryAfterSeconds`.
 */
import type { Clock } from '../clock';
import { isVirtualClock } from '../clock';
import type { ServiceProviderCatalogue } from './catalogue';
import type { DurationKey } from './durations';
import { OperationRegistry } from './operations';
import { ProviderStateMachine } from './provider';
import type { SeededRandom } from './random';
import { Scheduler } from './scheduler';
import type { StoredResource } from './store';
import { ResourceStore } from './store';

export type VirtualTimeMode = 'advance-on-poll' | 'complete-on-poll' | 'none';

export interface ProviderBehaviour {
  /** Time from circuit creation until the provider reports Provisioned ('never': the provider never acts). */
  readonly provisionAfterMs: number | 'never';
  /** Time from creation until the provider starts (Provisioning); defaults to half of `provisionAfterMs`. */
  readonly provisioningStartsAfterMs?: number;
  /** Time from a deprovision request until NotProvisioned ('never': stays Deprovisioning). */
  readonly deprovisionAfterMs: number | 'never';
}

/**
 * Azure's ExpressRoute circuit quotas (subscription limits page, "ExpressRoute limits"; reference §2.8): circuits per
 * subscription (default 50, raised by support request) and per region per subscription (10). Counted over every
 * circuit the subscription holds, whoever created it.
 */
export interface CircuitQuotas {
  readonly perSubscription: number;
  readonly perRegionPerSubscription: number;
}

export const DEFAULT_CIRCUIT_QUOTAS: CircuitQuotas = { perSubscription: 50, perRegionPerSubscription: 10 };

export interface SimulationConfig {
  readonly virtualTime: VirtualTimeMode;
  readonly durations: Readonly<Record<DurationKey, number>>;
  readonly provider: ProviderBehaviour;
  /** Retry-After (seconds) on LRO answers and write conflicts when time is not virtual. */
  readonly retryAfterSeconds: number;
  /** Status of a write refused because another operation holds the resource: 429 (default) or 409. */
  readonly conflictStatus: 409 | 429;
  /**
   * A circuit DELETE while the provider has it (Provisioning/Provisioned/Deprovisioning): refuse it at once with 400
   * (default), or accept it (202) and fail the operation with `ConflictError`, as public reports show ARM doing.
   */
  readonly circuitDeleteWhileProvisioned: 'refuse' | 'fail-operation';
  /** ExpressRoute circuit quotas a circuit create is checked against. */
  readonly circuitQuotas: CircuitQuotas;
}

export class Simulation {
  readonly store = new ResourceStore();
  readonly scheduler = new Scheduler();
  readonly operations = new OperationRegistry(this.scheduler);
  readonly provider: ProviderStateMachine;
  /** Tenant each subscription belongs to, when bound through the control API (tokens from others get 401). */
  readonly subscriptionTenants = new Map<string, string>();
  private readonly promisedWaits = new Map<string, number>();

  constructor(
    readonly clock: Clock,
    readonly config: SimulationConfig,
    readonly catalogue: ServiceProviderCatalogue,
    private readonly random: SeededRandom,
  ) {
    if (config.virtualTime !== 'none' && !isVirtualClock(clock)) {
      throw new Error(`virtualTime '${config.virtualTime}' needs a VirtualClock`);
    }
    this.provider = new ProviderStateMachine(this);
  }

  now(): number {
    return this.clock.now();
  }

  /** Applies everything that became due on the clock. */
  settle(): void {
    this.scheduler.settle(this.clock.now());
  }

  newGuid(): string {
    return this.random.guid();
  }

  newEtag(): string {
    return `W/"${this.newGuid()}"`;
  }

  /** A resource changed: new etag, for it and for the parents that render it inline. */
  touch(resource: StoredResource): void {
    resource.etag = this.newEtag();
    if (resource.parentKey !== undefined) {
      const parent = this.store.get(resource.parentKey);
      if (parent) this.touch(parent);
    }
  }

  duration(key: DurationKey): number {
    return this.config.durations[key];
  }

  /** True when client waits are taken on the (virtual) clock instead of in real time. */
  get virtualTime(): boolean {
    return this.config.virtualTime !== 'none';
  }

  /** Retry-After for a wait of `waitMs` on the simulator's clock. */
  retryAfterFor(waitMs: number): number {
    if (this.virtualTime) return 0;
    return Math.max(1, Math.min(this.config.retryAfterSeconds, Math.ceil(waitMs / 1000)));
  }

  /** Moves a virtual clock forward to `time` (the client waited); no effect on other clocks. */
  advanceClockTo(time: number): void {
    if (this.virtualTime && isVirtualClock(this.clock)) this.clock.advanceTo(time);
    this.settle();
  }

  /** Virtual time: remember that the client was told to wait until `time` before its next request of `key`. */
  promiseWait(key: string, time: number): void {
    if (!this.virtualTime) return;
    this.promisedWaits.set(key, Math.max(time, this.promisedWaits.get(key) ?? 0));
  }

  /** Virtual time: the client came back for `key`, so the wait it was told to make has passed. */
  redeemWait(key: string): void {
    const time = this.promisedWaits.get(key);
    if (time === undefined) return;
    this.promisedWaits.delete(key);
    this.advanceClockTo(time);
  }
}
