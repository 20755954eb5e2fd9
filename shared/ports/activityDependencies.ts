import type { InvocationContext } from '@azure/functions';
import type { SweepSettings } from '../config';
import type { CheckpointLog } from './checkpoints';
import type { ComplianceStore } from './compliance';
import type { CircuitPlacementRegistry, CustomerRegistry, CustomerSpecRegistry } from './customers';
import type { InventoryPort } from './inventory';
import type { CustomerLeases } from './leases';
import type { NetworkPort } from './network';
import type { OutboundEvents } from './outbound';
import type { ProviderOffers } from './providerOffers';
import type { ProviderWaitRegistry } from './providerWaits';
import type { CircuitCountPort } from './placement';
import type { RequestLedger } from './requests';
import type { WorkflowClient } from './workflows';

/** Everything activities reach the outside world through. Built once by shared/composition.ts. */
export interface ActivityDependencies {
  readonly network: NetworkPort;
  readonly checkpoints: CheckpointLog;
  readonly customers: CustomerRegistry;
  /** Where placement put each circuit pair (the customer registry, in production). */
  readonly placements: CircuitPlacementRegistry;
  /** The customer's desired spec, as last recorded (the customer registry, in production). */
  readonly specs: CustomerSpecRegistry;
  /** ExpressRoute circuits per subscription and region, as Azure counts them against its quotas. */
  readonly circuitCounts: CircuitCountPort;
  /** What the connectivity providers sell, read live from Azure before the first write. */
  readonly providerOffers: ProviderOffers;
  readonly leases: CustomerLeases;
  readonly outbound: OutboundEvents;
  readonly requests: RequestLedger;
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
  /**
   * Compliance sweeps: the Resource Graph inventory, the findings store and the sweep settings. Optional so that
   * partial dependency sets (tests of other activities) stay complete; the sweep activities require it.
   */
  readonly compliance?: {
    readonly inventory: InventoryPort;
    readonly store: ComplianceStore;
    readonly settings: SweepSettings;
  };
  /**
   * The provider waits in flight, read by the fleet-wide provider watcher (docs/provider-watcher.md); `notifyProvider`
   * registers a wait when it hands a circuit to the provider. Optional: without it, waits rely on their own polls.
   */
  readonly providerWaits?: ProviderWaitRegistry;
  /** The workflow engine, through the invoked activity's `durableClient` binding (see register.ts). */
  workflowsFor(context: InvocationContext): WorkflowClient;
}
