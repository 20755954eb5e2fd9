import type { CheckpointLog } from '../../shared/ports/checkpoints';
import type { CustomerRegistry } from '../../shared/ports/customers';
import type { CustomerLeases } from '../../shared/ports/leases';
import type { NetworkPort } from '../../shared/ports/network';
import type { OutboundEvents } from '../../shared/ports/outbound';
import type { RequestLedger } from '../../shared/ports/requests';

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
