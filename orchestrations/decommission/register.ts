/** The decommission workflow's orchestrators and activity factories, composed in ../handlers.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import type { DecommissionActivityContracts, DecommissionOrchestrationContracts } from './contracts';
import {
  createDeleteTeardownResourceActivity,
  createPlanDecommissionActivity,
  createReleaseSubscriptionsActivity,
} from './decommission.activity';
import { decommissionCustomerOrchestrator } from './decommissionCustomer.orchestrator';
import { executeTeardownOrchestrator } from './executeTeardown.orchestrator';

export const DECOMMISSION_ORCHESTRATORS: OrchestratorsOf<DecommissionOrchestrationContracts> = {
  decommissionCustomer: decommissionCustomerOrchestrator,
  executeTeardown: executeTeardownOrchestrator,
};
export const DECOMMISSION_ACTIVITY_FACTORIES: ActivityFactoriesOf<DecommissionActivityContracts> = {
  planDecommission: createPlanDecommissionActivity,
  deleteTeardownResource: createDeleteTeardownResourceActivity,
  releaseSubscriptions: createReleaseSubscriptionsActivity,
};
