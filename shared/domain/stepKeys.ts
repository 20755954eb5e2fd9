/**
 * The names of a request's steps, as checkpoints, custom status, plans and outbound events spell them. Resource
 * steps are keyed by the resource (see planner.ts `keyOf`); the steps below are the workflow's own.
 */
import type { Leg } from './intents';
import { isDefaultPair } from './pairs';

/**
 * A leg as plan keys spell it: "a" for the default pair (the single-pair keys), "{pair}:a" for any other pair.
 */
export function pairLegLabel(leg: Leg, pair?: string): string {
  return pair === undefined || isDefaultPair(pair) ? leg : `${pair}:${leg}`;
}

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
  serviceKey: (leg: Leg, pair?: string): string => `service-key:${pairLegLabel(leg, pair)}`,
  notifyProvider: (leg: Leg, pair?: string): string => `notify-provider:${pairLegLabel(leg, pair)}`,
  awaitProvider: (leg: Leg, pair?: string): string => `await-provider:${pairLegLabel(leg, pair)}`,
  requestDeprovision: (leg: Leg, pair?: string): string => `request-deprovision:${pairLegLabel(leg, pair)}`,
  awaitDeprovision: (leg: Leg, pair?: string): string => `await-deprovision:${pairLegLabel(leg, pair)}`,
} as const;

/** The leg and pair a `StepKeys.awaitProvider` key names; undefined for any other key. */
export function laneOfAwaitProviderKey(stepKey: string): { readonly leg: Leg; readonly pair?: string } | undefined {
  const match = /^await-provider:(?:([^:]+):)?([ab])$/.exec(stepKey);
  const leg = match?.[2];
  if (leg !== 'a' && leg !== 'b') return undefined;
  const pair = match?.[1];
  return { leg, ...(pair === undefined ? {} : { pair }) };
}
