/**
 * The request workflows as the rest of the application sees them: their names, their inputs and outputs, the
 * instance ids a request's workflow and its parts run under, the external events they accept, and the phases they
 * report. The Durable layer (`orchestrations/`) implements these; triggers and services start and signal them
 * through the `WorkflowClient` port and never import the Durable layer.
 */
import type { WorkflowTiming } from '../config';
import type { Leg } from '../domain/intents';
import { fnv1a64Hex, SAFE_KEY_HASH_MARK, SAFE_KEY_MAX_LENGTH } from '../domain/safeKey';
import type { CustomerSpec } from '../domain/spec';
import type { BandwidthChangeData, DecommissionData } from '../messages/requests';
import { pairLegLabel } from '../domain/stepKeys';
import type { ValidationIssue } from '../errors';

/**
 * Workflows a request starts, by the orchestrator name new instances get. A changed orchestrator gets a new name
 * (`onboardCustomerV2`) and the old one stays registered for the instances already running it
 * (test/fixtures/histories/README.md).
 */
export const Workflows = {
  onboardCustomer: 'onboardCustomerV2',
  decommissionCustomer: 'decommissionCustomer',
  changeBandwidth: 'changeBandwidth',
  migrateCircuitPair: 'migrateCircuitPairV2',
} as const;
export type WorkflowName = (typeof Workflows)[keyof typeof Workflows];

/** External events an operator, a portal or the provider-facing workflow may raise on a request. */
export const ExternalEvents = {
  providerProvisioned: 'ProviderProvisioned',
  providerDeprovisioned: 'ProviderDeprovisioned',
  approval: 'Approval',
  rejection: 'Rejection',
  /** The provider confirms its side of a bandwidth change (when `ERCSP_PROVIDER_CONFIRMS_BANDWIDTH` is set). */
  providerBandwidthConfirmed: 'ProviderBandwidthConfirmed',
  /** A person abandons a migration before the traffic moved: the new pair is torn down (a recorded decision). */
  abort: 'Abort',
  /** Internal: another branch of the request failed; a waiting branch checks at once and stops. */
  stopWaiting: 'StopWaiting',
} as const;
export type ExternalEventName = (typeof ExternalEvents)[keyof typeof ExternalEvents];

/**
 * Durable Functions' rules for instance ids: 1-100 characters, not starting with `@`, no `/`, `\`, `#`, `?` and no
 * control characters (https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-orchestrations,
 * "Orchestration identity"). The Azure Storage provider also uses them as Table keys, whose rules are the same.
 */
export const INSTANCE_ID_MAX_LENGTH = 100;
const REQUEST_INSTANCE_PREFIX = 'req-';
/** Room for the request id in a request's instance id: every suffix below still fits in 100 characters. */
const REQUEST_ID_ROOM = SAFE_KEY_MAX_LENGTH;
/** A fragment kept as it is: what `safeKey` keeps, plus `:` (allowed in CloudEvent ids and in the step keys). */
const PLAIN_FRAGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._:-]*[A-Za-z0-9])?$/;
const HASH_DIGITS = 16;

/**
 * `value` as part of an instance id, in at most `room` characters. Ordinary values (letters, digits, `.`, `_`, `:`,
 * `-`, short enough) are kept unchanged, so existing instances and fixtures keep their ids; any other value becomes
 * a cleaned readable prefix, `~` and a 64-bit hash of the whole value (see `safeKey`). `~` never occurs in a kept
 * value, so a changed value never equals a kept one. Pure and deterministic: orchestrators call it.
 */
function instanceFragment(value: string, room: number): string {
  if (value.length <= room && PLAIN_FRAGMENT.test(value)) return value;
  const readable = value
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .slice(0, Math.max(0, room - SAFE_KEY_HASH_MARK.length - HASH_DIGITS))
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return `${readable}${SAFE_KEY_HASH_MARK}${fnv1a64Hex(value)}`;
}

/** Pair names are validated legal resource-name parts (at most 20 characters); the fragment is bounded anyway. */
const LEG_FRAGMENT_ROOM = 22;

function legFragment(leg: Leg, pair: string | undefined): string {
  return instanceFragment(pairLegLabel(leg, pair), LEG_FRAGMENT_ROOM);
}

/**
 * Instance ids: a request's id is derived from its CloudEvent id, so a redelivery finds the same instance. Whatever
 * characters a request id or a step key holds, every id below obeys Durable's rules (at most 100 characters, none of
 * `/ \ # ?` or control characters), and distinct request ids give distinct ids. `requestInstanceId` is always an id
 * made by `forRequest` (at most 68 characters).
 */
export const InstanceIds = {
  forRequest: (requestId: string): string =>
    `${REQUEST_INSTANCE_PREFIX}${instanceFragment(requestId, REQUEST_ID_ROOM)}`,
  /** One circuit of a pair: `:leg-a` for the default pair, `:leg-<pair>:a` for a named one. */
  circuitLeg: (requestInstanceId: string, leg: Leg, pair?: string): string =>
    `${requestInstanceId}:leg-${legFragment(leg, pair)}`,
  /** The instance that waits for the provider: raise `ProviderProvisioned` here to end the wait at once. */
  providerWait: (requestInstanceId: string, leg: Leg, pair?: string): string =>
    `${requestInstanceId}:leg-${legFragment(leg, pair)}:provider`,
  /** Step keys name resources (`gateway:<vnet name>`): a long or unusual one is shortened to fit. */
  longRunning: (requestInstanceId: string, stepKey: string): string =>
    `${requestInstanceId}:${instanceFragment(stepKey, INSTANCE_ID_MAX_LENGTH - requestInstanceId.length - 1)}`,
  lease: (requestInstanceId: string): string => `${requestInstanceId}:lease`,
  /** The teardown of a decommission (or of a migration's old pair): one sub-orchestration per request. */
  teardown: (requestInstanceId: string): string => `${requestInstanceId}:teardown`,
  /** The wait for the provider to deprovision one circuit: raise `ProviderDeprovisioned` here to end it at once. */
  deprovisionWait: (requestInstanceId: string, leg: Leg, pair?: string): string =>
    `${requestInstanceId}:leg-${legFragment(leg, pair)}:deprovision`,
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
  | 'awaiting-approval'
  | 'tearing-down'
  | 'changing'
  | 'moving-traffic'
  | 'awaiting-decision'
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

/** A decommission request, as accepted at intake (its data carries the optional approval). */
export interface DecommissionCustomerInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly request: DecommissionData;
  readonly timing: WorkflowTiming;
}
/** How a decommission ended (the ledger says the same). */
export interface DecommissionCustomerOutput {
  readonly status: 'Completed' | 'Failed' | 'Expired' | 'Rejected';
  readonly customerId: string;
  /** The digest of the plan that was approved, rejected or left waiting. */
  readonly planDigest?: string;
  /** Each deleted circuit and when its bill stopped (its deletion, by the orchestration clock). */
  readonly billingStops?: readonly { readonly circuitId: string; readonly stoppedAt: string }[];
}

/** A bandwidth or SKU change that intake assessed as possible in place. */
export interface ChangeBandwidthInput {
  readonly requestId: string;
  readonly customerId: string;
  /** As received; the workflow re-assesses it against the registry's spec and Azure under the customer's lease. */
  readonly change: BandwidthChangeData;
  /** The pair intake resolved (its name in the spec; `primary` for the `circuits` shorthand). */
  readonly pair: string;
  readonly timing: WorkflowTiming;
}

/**
 * An approved change that needs a new circuit pair (a decrease, UnlimitedData → MeteredData, another provider or
 * peering location): built beside the old pair, traffic moved, old pair retired.
 */
export interface MigrateCircuitPairInput {
  readonly requestId: string;
  readonly customerId: string;
  /** As received (with `approval` and `newPair`); planned against the registry's spec under the customer's lease. */
  readonly change: BandwidthChangeData;
  readonly timing: WorkflowTiming;
}

export type MigrateCircuitPairOutput =
  | {
      readonly status: 'Completed';
      readonly oldPair: string;
      readonly newPair: string;
      readonly billingStops: readonly { readonly circuitId: string; readonly stoppedAt: string }[];
    }
  | { readonly status: 'Rejected'; readonly issues: readonly ValidationIssue[] };
