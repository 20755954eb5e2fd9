/**
 * The names of a request's steps, as checkpoints, custom status, plans and outbound events spell them. Resource
 * steps are keyed by the resource (see planner.ts `keyOf`); the steps below are the workflow's own.
 */
import type { Leg } from './intents';

export const StepKeys = {
  /** Validation and planning of the request. */
  validate: 'validate',
  /** Waiting for, then holding, the customer's lease. */
  lease: 'lease',
  /** Recording the customer (and its subscriptions) in the registry. */
  register: 'register',
  /** Reading everything back once built. */
  verify: 'verify',
  /** The request as a whole: its final checkpoint. */
  request: 'request',
  /** Reading the circuit until Azure shows its real service key. */
  serviceKey: (leg: Leg): string => `service-key:${leg}`,
  notifyProvider: (leg: Leg): string => `notify-provider:${leg}`,
  awaitProvider: (leg: Leg): string => `await-provider:${leg}`,
  requestDeprovision: (leg: Leg): string => `request-deprovision:${leg}`,
  awaitDeprovision: (leg: Leg): string => `await-deprovision:${leg}`,
} as const;
