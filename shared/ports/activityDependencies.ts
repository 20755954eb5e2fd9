import type { InvocationContext } from '@azure/functions';
import type { CheckpointLog } from './checkpoints';
import type { CustomerRegistry } from './customers';
import type { CustomerLeases } from './leases';
import type { NetworkPort } from './network';
import type { OutboundEvents } from './outbound';
import type { RequestLedger } from './requests';
import type { WorkflowClient } from './workflows';

/** Everything activities reach the outside world through. Built once by shared/composition.ts. */
export interface ActivityDependencies {
  readonly network: NetworkPort;
  readonly checkpoints: CheckpointLog;
  readonly customers: CustomerRegistry;
  readonly leases: CustomerLeases;
  readonly outbound: OutboundEvents;
  readonly requests: RequestLedger;
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
  /** The workflow engine, through the invoked activity's `durableClient` binding (see register.ts). */
  workflowsFor(context: InvocationContext): WorkflowClient;
}
