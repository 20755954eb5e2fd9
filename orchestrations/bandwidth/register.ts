/** The bandwidth workflow's orchestrators and activity factories, composed in ../handlers.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import {
  createPlanBandwidthChangeActivity,
  createRecordChangedSpecActivity,
  createVerifyCircuitChangeActivity,
} from './bandwidth.activity';
import { changeBandwidthOrchestrator } from './changeBandwidth.orchestrator';
import { changeCircuitInPlaceOrchestrator } from './changeCircuitInPlace.orchestrator';
import type { BandwidthActivityContracts, BandwidthOrchestrationContracts } from './contracts';

// `satisfies` keeps each entry's own type, so that ../handlers.ts checks it against the composed contract map.
export const BANDWIDTH_ORCHESTRATORS = {
  changeBandwidth: changeBandwidthOrchestrator,
  changeCircuitInPlace: changeCircuitInPlaceOrchestrator,
} satisfies OrchestratorsOf<BandwidthOrchestrationContracts>;
export const BANDWIDTH_ACTIVITY_FACTORIES = {
  planBandwidthChange: createPlanBandwidthChangeActivity,
  verifyCircuitChange: createVerifyCircuitChangeActivity,
  recordChangedSpec: createRecordChangedSpecActivity,
} satisfies ActivityFactoriesOf<BandwidthActivityContracts>;
