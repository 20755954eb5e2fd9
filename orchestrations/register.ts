/**
 * Registers every orchestration and activity with durable-functions. Dependencies are resolved lazily, at the first
 * activity call, so that loading the app never reads configuration or opens a connection.
 */
import * as df from 'durable-functions';
import type { ResourceKind } from '../shared/domain/intents';
import { createVerifyTopologyActivity } from './activities/verify.activity';
import { createRecordCheckpointActivity } from './activities/checkpoint.activity';
import { createRegisterCustomerActivity, createSetCustomerStatusActivity } from './activities/customer.activity';
import type { ActivityDependencies } from './activities/dependencies';
import { createEnsureActivity } from './activities/ensure.activity';
import { createReleaseLeaseActivity, createTryAcquireLeaseActivity } from './activities/lease.activity';
import { createNotifyProviderActivity, createPublishEventActivity } from './activities/notify.activity';
import { createPlanOnboardingActivity } from './activities/plan.activity';
import { createReadProviderStateActivity, createReadResourceActivity } from './activities/read.activity';
import { createRecordRequestOutcomeActivity } from './activities/request.activity';
import { acquireCustomerLeaseOrchestrator } from './acquireCustomerLease.orchestrator';
import { awaitProviderOrchestrator } from './awaitProvider.orchestrator';
import { Activities, EnsureActivities, Orchestrations } from './contracts';
import { ensureLongRunningOrchestrator } from './ensureLongRunning.orchestrator';
import { onboardCustomerOrchestrator } from './onboardCustomer.orchestrator';
import { provisionCircuitLegOrchestrator } from './provisionCircuitLeg.orchestrator';

type ActivityFactory = (deps: ActivityDependencies) => (input: never, context: never) => Promise<unknown>;

const ACTIVITY_FACTORIES: Record<(typeof Activities)[keyof typeof Activities], ActivityFactory> = {
  [Activities.planOnboarding]: createPlanOnboardingActivity,
  [Activities.registerCustomer]: createRegisterCustomerActivity,
  [Activities.tryAcquireLease]: createTryAcquireLeaseActivity,
  [Activities.releaseLease]: createReleaseLeaseActivity,
  [Activities.readResource]: createReadResourceActivity,
  [Activities.readProviderState]: createReadProviderStateActivity,
  [Activities.notifyProvider]: createNotifyProviderActivity,
  [Activities.publishEvent]: createPublishEventActivity,
  [Activities.recordCheckpoint]: createRecordCheckpointActivity,
  [Activities.setCustomerStatus]: createSetCustomerStatusActivity,
  [Activities.verifyTopology]: createVerifyTopologyActivity,
  [Activities.recordRequestOutcome]: createRecordRequestOutcomeActivity,
};

export function registerWorkflows(resolveDependencies: () => ActivityDependencies): void {
  df.app.orchestration(Orchestrations.onboardCustomer, onboardCustomerOrchestrator);
  df.app.orchestration(Orchestrations.provisionCircuitLeg, provisionCircuitLegOrchestrator);
  df.app.orchestration(Orchestrations.awaitProvider, awaitProviderOrchestrator);
  df.app.orchestration(Orchestrations.ensureLongRunning, ensureLongRunningOrchestrator);
  df.app.orchestration(Orchestrations.acquireCustomerLease, acquireCustomerLeaseOrchestrator);

  const lazily = (factory: ActivityFactory) => {
    let handler: ReturnType<ActivityFactory> | undefined;
    return (input: unknown, context: unknown) => {
      handler ??= factory(resolveDependencies());
      return handler(input as never, context as never);
    };
  };
  for (const [name, factory] of Object.entries(ACTIVITY_FACTORIES)) {
    df.app.activity(name, { handler: lazily(factory) });
  }
  for (const [kind, name] of Object.entries(EnsureActivities) as [ResourceKind, string][]) {
    df.app.activity(name, { handler: lazily((deps) => createEnsureActivity(deps, kind)) });
  }
}
