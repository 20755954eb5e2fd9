/** The decommission workflow's orchestrators and activity factories, registered by ../register.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import type { DecommissionActivityContracts, DecommissionOrchestrationContracts } from './contracts';

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const DECOMMISSION_ORCHESTRATORS: OrchestratorsOf<DecommissionOrchestrationContracts> = {};
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const DECOMMISSION_ACTIVITY_FACTORIES: ActivityFactoriesOf<DecommissionActivityContracts> = {};
