/**
 * A plan: the steps that build (or tear down) one customer's topology, with their dependencies, in an order that
 * respects them and grouped into stages that may run in parallel. Pure data: orchestrations execute it.
 *
 * Step keys are stable and readable:
 *   circuit:a                          notify-provider:a            await-provider:a
 *   peering:a:AzurePrivatePeering      peering:a:MicrosoftPeering   route-filter
 *   gateway:<vnet>                     authorization:<vnet>:a       connection:<vnet>:a
 *   route-table:<role>                 nsg:<role>                   subnet:<vnet>/<subnet>
 *   request-deprovision:a              await-deprovision:a          (teardown only)
 * Those are the keys of the customer's default pair; another pair's carry its name before the leg
 * (`circuit:p2:a`, `notify-provider:p2:a`, `peering:p2:a:MicrosoftPeering`, `connection:<vnet>:p2:a`) and after
 * `route-filter` (`route-filter:p2`).
 * A resource the key scheme cannot place (for instance an orphan read back from Azure) is keyed by its kind and name.
 */
import type { ArmId, Leg, ResourceIntent } from './intents';

interface StepBase {
  readonly key: string;
  /** Keys of steps that must have finished first; all of them are in earlier stages. */
  readonly dependsOn: readonly string[];
}

/** Create or update the resource so that it matches the intent (or, for an existing gateway, only check it). */
export interface EnsureStep extends StepBase {
  readonly action: 'ensure';
  readonly intent: ResourceIntent;
}

/** Hand the circuit's service key to the connectivity provider (outside ARM). */
export interface NotifyProviderStep extends StepBase {
  /** The circuit's pair; absent for the default pair (see intents.ts). */
  readonly pair?: string;
  readonly action: 'notifyProvider';
  readonly leg: Leg;
  readonly circuitId: ArmId;
}

/** Wait until the provider reports `serviceProviderProvisioningState: Provisioned`. */
export interface AwaitProviderStep extends StepBase {
  /** The circuit's pair; absent for the default pair (see intents.ts). */
  readonly pair?: string;
  readonly action: 'awaitProvider';
  readonly leg: Leg;
  readonly circuitId: ArmId;
}

/** Ask the connectivity provider to deprovision the circuit (outside ARM). */
export interface RequestDeprovisionStep extends StepBase {
  /** The circuit's pair; absent for the default pair (see intents.ts). */
  readonly pair?: string;
  readonly action: 'requestDeprovision';
  readonly leg: Leg;
  readonly circuitId: ArmId;
}

/** Wait until the provider reports `serviceProviderProvisioningState: NotProvisioned`, so that the circuit can go. */
export interface AwaitDeprovisionStep extends StepBase {
  /** The circuit's pair; absent for the default pair (see intents.ts). */
  readonly pair?: string;
  readonly action: 'awaitDeprovision';
  readonly leg: Leg;
  readonly circuitId: ArmId;
}

/** Delete the resource (for a subnet association: remove the route table / NSG references from the subnet). */
export interface DeleteStep extends StepBase {
  readonly action: 'delete';
  readonly intent: ResourceIntent;
}

export type PlanStep =
  EnsureStep | NotifyProviderStep | AwaitProviderStep | RequestDeprovisionStep | AwaitDeprovisionStep | DeleteStep;

export type PlanAction = PlanStep['action'];

export interface Plan {
  readonly customerId: string;
  /** A topological order: every step comes after all the steps it depends on. */
  readonly steps: readonly PlanStep[];
  /** Keys by stage: the steps of one stage may run in parallel; each step's dependencies are in earlier stages. */
  readonly stages: readonly (readonly string[])[];
}
