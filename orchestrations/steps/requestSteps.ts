/**
 * What every request workflow does around its own steps: report its phase, hold the customer's lease, publish its
 * outbound events, and record its outcome in the ledger. One place, so that the workflows agree on instance ids,
 * event ids and status shapes (activity inputs are persisted in history: these helpers must keep them unchanged).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { StepKeys } from '../../shared/domain/stepKeys';
import {
  Activities,
  InstanceIds,
  Orchestrations,
  type AcquireLeaseInput,
  type Phase,
  type RecordRequestOutcomeInput,
} from '../contracts';
import { callActivity, callSubOrchestration } from './calls';

/** The request a workflow runs for. */
export interface RequestBase {
  readonly requestId: string;
  readonly customerId: string;
}

export type SetPhase = (phase: Phase, detail?: string) => void;

/** Reports the request's phase (and what it waits for) as the instance's custom status. */
export function phaseReporter(context: OrchestrationContext, base: RequestBase): SetPhase {
  return (phase, detail) => {
    context.df.setCustomStatus({
      phase,
      requestId: base.requestId,
      customerId: base.customerId,
      ...(detail === undefined ? {} : { detail }),
    });
  };
}

/** Waits for the customer's lease: one request per customer at a time, in whichever order the lease decides. */
export function* acquireCustomerLease(
  context: OrchestrationContext,
  base: RequestBase,
  timing: AcquireLeaseInput['timing'],
): Generator<Task, void, unknown> {
  yield* callSubOrchestration(
    context,
    Orchestrations.acquireCustomerLease,
    {
      requestId: base.requestId,
      customerId: base.customerId,
      stepKey: StepKeys.lease,
      owner: context.df.instanceId,
      timing,
    },
    InstanceIds.lease(context.df.instanceId),
  );
}

export function* releaseCustomerLease(
  context: OrchestrationContext,
  customerId: string,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.releaseLease, { customerId, owner: context.df.instanceId });
}

/** Publishes an outbound event whose id is the request's id and `idSuffix` (the topic's duplicate detection). */
export function* publishRequestEvent(
  context: OrchestrationContext,
  base: RequestBase,
  idSuffix: string,
  type: string,
  data: Record<string, unknown>,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.publishEvent, {
    id: `${base.requestId}:${idSuffix}`,
    type,
    customerId: base.customerId,
    time: context.df.currentUtcDateTime.toISOString(),
    data,
  });
}

/** The request's final ledger outcome. */
export function* recordOutcome(
  context: OrchestrationContext,
  input: RecordRequestOutcomeInput,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.recordRequestOutcome, input);
}
