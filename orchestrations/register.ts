/**
 * Registers every orchestration and activity with durable-functions, from the name maps in contracts.ts: a handler
 * whose input or output does not match its name's contract does not compile. Dependencies are resolved lazily, at
 * the first activity call, so that loading the app never reads configuration or opens a connection.
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { ActivityDependencies } from '../shared/ports/activityDependencies';
import { createCloseOpenStepsActivity, createRecordCheckpointActivity } from './activities/checkpoint.activity';
import { createRegisterCustomerActivity, createSetCustomerStatusActivity } from './activities/customer.activity';
import { createEnsureActivity } from './activities/ensure.activity';
import { createReleaseLeaseActivity, createTryAcquireLeaseActivity } from './activities/lease.activity';
import { createNotifyProviderActivity, createPublishEventActivity } from './activities/notify.activity';
import { createPlanOnboardingActivity } from './activities/plan.activity';
import {
  createReadProviderStateActivity,
  createReadResourceActivity,
  createStopProviderWaitsActivity,
} from './activities/read.activity';
import { createRecordRequestOutcomeActivity } from './activities/request.activity';
import { createVerifyTopologyActivity } from './activities/verify.activity';
import { withActivityTrace } from './activities/activityTrace';
import { acquireCustomerLeaseOrchestrator } from './acquireCustomerLease.orchestrator';
import { awaitProviderOrchestrator } from './awaitProvider.orchestrator';
import type { ActivityContracts, ActivityName, OrchestrationContracts, OrchestrationName } from './contracts';
import { ensureLongRunningOrchestrator } from './ensureLongRunning.orchestrator';
import { onboardCustomerOrchestrator } from './onboardCustomer.orchestrator';
import { provisionCircuitLegOrchestrator } from './provisionCircuitLeg.orchestrator';
import { BANDWIDTH_ACTIVITY_FACTORIES, BANDWIDTH_ORCHESTRATORS } from './bandwidth/register';
import { DECOMMISSION_ACTIVITY_FACTORIES, DECOMMISSION_ORCHESTRATORS } from './decommission/register';
import { MIGRATION_ACTIVITY_FACTORIES, MIGRATION_ORCHESTRATORS } from './migration/register';
import type { ActivityFactoriesOf, ActivityHandlerOf, OrchestratorsOf } from './registration';
import { SWEEP_ACTIVITY_FACTORIES, SWEEP_ORCHESTRATORS } from './sweeps/register';

type ActivityHandler<Name extends ActivityName> = ActivityHandlerOf<ActivityContracts, Name>;
type ActivityFactories = ActivityFactoriesOf<ActivityContracts>;
type Orchestrators = OrchestratorsOf<OrchestrationContracts>;

const ORCHESTRATORS: Orchestrators = {
  onboardCustomer: onboardCustomerOrchestrator,
  provisionCircuitLeg: provisionCircuitLegOrchestrator,
  awaitProvider: awaitProviderOrchestrator,
  ensureLongRunning: ensureLongRunningOrchestrator,
  acquireCustomerLease: acquireCustomerLeaseOrchestrator,
  ...DECOMMISSION_ORCHESTRATORS,
  ...BANDWIDTH_ORCHESTRATORS,
  ...MIGRATION_ORCHESTRATORS,
  ...SWEEP_ORCHESTRATORS,
};

/** Activities that raise events on other instances get the `durableClient` input binding. */
const NEEDS_WORKFLOW_CLIENT: ReadonlySet<ActivityName> = new Set(['stopProviderWaits']);

const ACTIVITY_FACTORIES: ActivityFactories = {
  planOnboarding: createPlanOnboardingActivity,
  registerCustomer: createRegisterCustomerActivity,
  tryAcquireLease: createTryAcquireLeaseActivity,
  releaseLease: createReleaseLeaseActivity,
  readResource: createReadResourceActivity,
  readProviderState: createReadProviderStateActivity,
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

export function registerWorkflows(resolveDependencies: () => ActivityDependencies): void {
  for (const name of Object.keys(ORCHESTRATORS) as OrchestrationName[]) {
    df.app.orchestration(name, ORCHESTRATORS[name]);
  }
  for (const name of Object.keys(ACTIVITY_FACTORIES) as ActivityName[]) register(name, resolveDependencies);
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- ties the name to its own factory
function register<Name extends ActivityName>(name: Name, resolveDependencies: () => ActivityDependencies): void {
  const factory: (deps: ActivityDependencies) => ActivityHandler<Name> = ACTIVITY_FACTORIES[name];
  const handler = lazily(resolveDependencies, factory);
  if (NEEDS_WORKFLOW_CLIENT.has(name)) {
    df.app.activity(name, { extraInputs: [df.input.durableClient()], handler });
  } else {
    df.app.activity(name, { handler });
  }
}

function lazily<Name extends ActivityName>(
  resolveDependencies: () => ActivityDependencies,
  factory: (deps: ActivityDependencies) => ActivityHandler<Name>,
): (input: unknown, context: InvocationContext) => Promise<ActivityContracts[Name]['output']> {
  let handler: ActivityHandler<Name> | undefined;
  let deps: ActivityDependencies | undefined;
  return (input, context) => {
    deps ??= resolveDependencies();
    const ready = (handler ??= factory(deps));
    // Durable hands the input over as JSON; its type is the one its caller (steps/calls.ts) was held to.
    // Run inside the request's trace context: log lines, ARM calls and outbound events carry it (activityTrace.ts).
    return withActivityTrace(deps.requests, input, context, () =>
      ready(input as ActivityContracts[Name]['input'], context),
    );
  };
}
