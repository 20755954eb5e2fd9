import type { CheckpointLog } from './checkpoints';
import type { CustomerRegistry } from './customers';
import type { CustomerLeases } from './leases';
import type { NetworkPort } from './network';
import type { OutboundEvents } from './outbound';
import type { RequestLedger } from './requests';

/** Everything activities reach the outside world through. Built once by shared/composition.ts. */
export interface ActivityDependencies {
  readonly network: NetworkPort;
  readonly checkpoints: CheckpointLog;
  readonly customers: CustomerRegistry;
  readonly leases: CustomerLeases;
  readonly outbound: OutboundEvents;
  readonly requests: RequestLedger;
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
}
