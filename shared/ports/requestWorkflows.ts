/**
 * The request workflows as the rest of the application sees them: their names, their inputs and outputs, the
 * instance ids a request's workflow and its parts run under, the external events they accept, and the phases they
 * report. The Durable layer (`orchestrations/`) implements these; triggers and services start and signal them
 * through the `WorkflowClient` port and never import the Durable layer.
 */
import type { WorkflowTiming } from '../config';
import type { Leg } from '../domain/intents';
import type { CustomerSpec } from '../domain/spec';
import type { ValidationIssue } from '../errors';

/** Workflows a request starts. */
export const Workflows = {
  onboardCustomer: 'onboardCustomer',
} as const;
export type WorkflowName = (typeof Workflows)[keyof typeof Workflows];

/** External events an operator, a portal or the provider-facing workflow may raise on a request. */
export const ExternalEvents = {
  providerProvisioned: 'ProviderProvisioned',
  providerDeprovisioned: 'ProviderDeprovisioned',
  approval: 'Approval',
  /** Internal: another branch of the request failed; a waiting branch checks at once and stops. */
  stopWaiting: 'StopWaiting',
} as const;
export type ExternalEventName = (typeof ExternalEvents)[keyof typeof ExternalEvents];

/** Instance ids: a request's id is derived from its CloudEvent id, so a redelivery finds the same instance. */
export const InstanceIds = {
  forRequest: (requestId: string): string => `req-${requestId}`,
  circuitLeg: (requestInstanceId: string, leg: Leg): string => `${requestInstanceId}:leg-${leg}`,
  /** The instance that waits for the provider: raise `ProviderProvisioned` here to end the wait at once. */
  providerWait: (requestInstanceId: string, leg: Leg): string => `${requestInstanceId}:leg-${leg}:provider`,
  longRunning: (requestInstanceId: string, stepKey: string): string => `${requestInstanceId}:${stepKey}`,
  lease: (requestInstanceId: string): string => `${requestInstanceId}:lease`,
};

/** What a request's workflow is doing, as its custom status says. */
export type Phase =
  | 'validating'
  | 'queued'
  | 'provisioning'
  | 'awaiting-provider'
  | 'configuring-peerings'
  | 'connecting'
  | 'associating-subnets'
  | 'verifying'
  | 'completed'
  | 'failed';

export interface RequestStatus {
  readonly phase: Phase;
  readonly requestId: string;
  readonly customerId: string;
  readonly detail?: string;
}

export interface OnboardCustomerInput {
  readonly requestId: string;
  readonly spec: CustomerSpec;
  readonly timing: WorkflowTiming;
}
export type OnboardCustomerOutput =
  | { readonly status: 'Completed'; readonly customerId: string; readonly resources: number }
  | { readonly status: 'Rejected'; readonly issues: readonly ValidationIssue[] };
