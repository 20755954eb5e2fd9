/** The bandwidth workflow's orchestrators and activity factories, registered by ../register.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import type { BandwidthActivityContracts, BandwidthOrchestrationContracts } from './contracts';

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const BANDWIDTH_ORCHESTRATORS: OrchestratorsOf<BandwidthOrchestrationContracts> = {};
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const BANDWIDTH_ACTIVITY_FACTORIES: ActivityFactoriesOf<BandwidthActivityContracts> = {};
