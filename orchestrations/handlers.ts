/**
 * Every orchestrator and activity factory, by name (the contract maps in contracts.ts): a handler whose input or
 * output does not match its name's contract does not compile. register.ts registers the names at load and requires
 * this module at the first orchestration or activity call, so that a cold start loads none of the workflows' code.
 */
import { createCloseOpenStepsActivity, createRecordCheckpointActivity } from './activities/checkpoint.activity';
import { createRegisterCustomerActivity, createSetCustomerStatusActivity } from './activities/customer.activity';
import { createEnsureActivity } from './activities/ensure.activity';
import { createReleaseLeaseActivity, createTryAcquireLeaseActivity } from './activities/lease.activity';
import { createNotifyProviderActivity, createPublishEventActivity } from './activities/notify.activity';
import { createPlanOnboardingActivity } from './activities/plan.activity';
import {
  createReadPrerequisiteActivity,
  createReadProviderStateActivity,
  createReadResourceActivity,
  createStopProviderWaitsActivity,
} from './activities/read.activity';
import { createRecordRequestOutcomeActivity } from './activities/request.activity';
import { createVerifyTopologyActivity } from './activities/verify.activity';
import { acquireCustomerLeaseOrchestrator } from './acquireCustomerLease.orchestrator';
import { awaitProviderOrchestrator } from './awaitProvider.orchestrator';
import type { ActivityContracts, OrchestrationContracts } from './contracts';
import { ensureLongRunningOrchestrator } from './ensureLongRunning.orchestrator';
import { onboardCustomerOrchestrator, onboardCustomerV2Orchestrator } from './onboardCustomer.orchestrator';
import { provisionCircuitLegOrchestrator } from './provisionCircuitLeg.orchestrator';
import { provisionCircuitLegV2Orchestrator } from './provisionCircuitLegV2.orchestrator';
import { BANDWIDTH_ACTIVITY_FACTORIES, BANDWIDTH_ORCHESTRATORS } from './bandwidth/register';
import { DECOMMISSION_ACTIVITY_FACTORIES, DECOMMISSION_ORCHESTRATORS } from './decommission/register';
import { MIGRATION_ACTIVITY_FACTORIES, MIGRATION_ORCHESTRATORS } from './migration/register';
import type { ActivityFactoriesOf, OrchestratorsOf } from './registration';
import { SWEEP_ACTIVITY_FACTORIES, SWEEP_ORCHESTRATORS } from './sweeps/register';

export type ActivityFactories = ActivityFactoriesOf<ActivityContracts>;
export type Orchestrators = OrchestratorsOf<OrchestrationContracts>;

export const ORCHESTRATORS: Orchestrators = {
  onboardCustomer: onboardCustomerOrchestrator,
  onboardCustomerV2: onboardCustomerV2Orchestrator,
  provisionCircuitLeg: provisionCircuitLegOrchestrator,
  provisionCircuitLegV2: provisionCircuitLegV2Orchestrator,
  awaitProvider: awaitProviderOrchestrator,
  ensureLongRunning: ensureLongRunningOrchestrator,
  acquireCustomerLease: acquireCustomerLeaseOrchestrator,
  ...DECOMMISSION_ORCHESTRATORS,
  ...BANDWIDTH_ORCHESTRATORS,
  ...MIGRATION_ORCHESTRATORS,
  ...SWEEP_ORCHESTRATORS,
};

export const ACTIVITY_FACTORIES: ActivityFactories = {
  planOnboarding: createPlanOnboardingActivity,
  registerCustomer: createRegisterCustomerActivity,
  tryAcquireLease: createTryAcquireLeaseActivity,
  releaseLease: createReleaseLeaseActivity,
  readResource: createReadResourceActivity,
  readProviderState: createReadProviderStateActivity,
  readPrerequisite: createReadPrerequisiteActivity,
  stopProviderWaits: createStopProviderWaitsActivity,
  notifyProvider: createNotifyProviderActivity,
  publishEvent: createPublishEventActivity,
  recordCheckpoint: createRecordCheckpointActivity,
  closeOpenSteps: createCloseOpenStepsActivity,
  setCustomerStatus: createSetCustomerStatusActivity,
  verifyTopology: createVerifyTopologyActivity,
  recordRequestOutcome: createRecordRequestOutcomeActivity,
  ensureCircuit: (deps) => createEnsureActivity(deps, 'circuit'),
  ensurePeering: (deps) => createEnsureActivity(deps, 'peering'),
  ensureRouteFilter: (deps) => createEnsureActivity(deps, 'routeFilter'),
  ensureAuthorization: (deps) => createEnsureActivity(deps, 'authorization'),
  ensureGateway: (deps) => createEnsureActivity(deps, 'gateway'),
  ensureConnection: (deps) => createEnsureActivity(deps, 'connection'),
  ensureRouteTable: (deps) => createEnsureActivity(deps, 'routeTable'),
  ensureNsg: (deps) => createEnsureActivity(deps, 'nsg'),
  ensureSubnetAssociation: (deps) => createEnsureActivity(deps, 'subnetAssociation'),
  ensureVpnGateway: (deps) => createEnsureActivity(deps, 'vpnGateway'),
  ensureLocalNetworkGateway: (deps) => createEnsureActivity(deps, 'localNetworkGateway'),
  ensureVpnConnection: (deps) => createEnsureActivity(deps, 'vpnConnection'),
  ...DECOMMISSION_ACTIVITY_FACTORIES,
  ...BANDWIDTH_ACTIVITY_FACTORIES,
  ...MIGRATION_ACTIVITY_FACTORIES,
  ...SWEEP_ACTIVITY_FACTORIES,
};
