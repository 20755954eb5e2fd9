/** The sweeps workflow's orchestrators and activity factories, registered by ../register.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import type { SweepActivityContracts, SweepOrchestrationContracts } from './contracts';

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const SWEEP_ORCHESTRATORS: OrchestratorsOf<SweepOrchestrationContracts> = {};
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- no entries yet
export const SWEEP_ACTIVITY_FACTORIES: ActivityFactoriesOf<SweepActivityContracts> = {};
