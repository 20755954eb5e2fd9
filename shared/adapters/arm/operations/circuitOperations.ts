/**
 * Circuits: ensure (GET → create, or compare → merge → PUT), read, delete. A circuit PUT carries peerings[] and
 * authorizations[] exactly as read, so it never removes a child. Bandwidth and SKU changes that Azure cannot do in
 * place are refused before any write, and every write is read back: bandwidth as asked, and not Failed/Disabled.
 */
import type { ExpressRouteCircuit, NetworkManagementClient } from '@azure/arm-network';
import type { CircuitIntent, Scope } from '../../../domain/intents';
import { ArmOperationError } from '../../../errors';
import type { CircuitState, DeleteOutcome, EnsureOptions, Ensured, Observed } from '../../../ports/network';
import {
  READ_BACK_OK,
  alreadyDeleting,
  deleteResource,
  getOrUndefined,
  putResource,
  readAfterWrite,
  settled,
} from '../armCalls';
import type { ReadBackVerdict } from '../armCalls';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { circuitBody, circuitDrift, circuitState, circuitToIntent, mergeCircuit } from '../mapping/circuitMapping';
import { assertManaged } from '../ownership';
import type { ProviderCatalogue } from './providerCatalogue';

/** Provider states in which ARM lets a circuit go (`DeProvisioned` is the 2026 API's name for the end state). */
const DELETABLE_PROVIDER_STATES = new Set(['notprovisioned', 'deprovisioned']);

export function getCircuitBody(
  client: NetworkManagementClient,
  scope: Pick<Scope, 'resourceGroup'>,
  name: string,
  id: string,
): Promise<ExpressRouteCircuit | undefined> {
  return getOrUndefined(id, () => client.expressRouteCircuits.get(scope.resourceGroup, name));
}

function refuse(code: string, intent: CircuitIntent, detail: string): ArmOperationError {
  return new ArmOperationError(code, `${intent.id}: ${detail}`, { retryable: false, target: intent.id });
}

/** Changes Azure cannot make in place (reference §2.3, §2.4): refused before anything is written. */
export function assertCircuitChangeAllowed(intent: CircuitIntent, current: ExpressRouteCircuit): void {
  const provider = current.serviceProviderProperties;
  if (
    current.location !== undefined &&
    current.location.replace(/\s/g, '').toLowerCase() !== intent.location.toLowerCase()
  ) {
    throw refuse(
      'InvalidResourceLocation',
      intent,
      `the circuit is in ${current.location}; a circuit cannot move to ${intent.location}`,
    );
  }
  if (provider?.serviceProviderName !== undefined && provider.serviceProviderName !== intent.serviceProviderName) {
    throw refuse(
      ArmAdapterErrorCodes.serviceProviderChange,
      intent,
      `the provider cannot change in place (${provider.serviceProviderName} → ${intent.serviceProviderName}); a new circuit is needed`,
    );
  }
  if (provider?.peeringLocation !== undefined && provider.peeringLocation !== intent.peeringLocation) {
    throw refuse(
      ArmAdapterErrorCodes.peeringLocationChange,
      intent,
      `the peering location cannot change in place (${provider.peeringLocation} → ${intent.peeringLocation}); a new circuit is needed`,
    );
  }
  const bandwidth = provider?.bandwidthInMbps;
  if (bandwidth !== undefined && intent.bandwidthMbps < bandwidth) {
    throw refuse(
      ArmAdapterErrorCodes.bandwidthDecrease,
      intent,
      `bandwidth can only increase in place (${bandwidth} → ${intent.bandwidthMbps} Mbps); a smaller circuit is a new circuit and a migration`,
    );
  }
  if (current.sku?.family === 'UnlimitedData' && intent.sku.family === 'MeteredData') {
    throw refuse(ArmAdapterErrorCodes.skuFamilyDowngrade, intent, 'UnlimitedData cannot become MeteredData in place');
  }
}

/**
 * Failed, or Disabled once the write has finished. While the circuit is being created Azure shows it Updating and
 * Disabled (with an all-zeros service key): that is not a failure, only not done yet.
 */
function isFailedCircuit(circuit: ExpressRouteCircuit): boolean {
  return (
    circuit.provisioningState === 'Failed' ||
    (circuit.provisioningState === 'Succeeded' && circuit.circuitProvisioningState === 'Disabled')
  );
}

function circuitReadBack(context: ArmContext, intent: CircuitIntent, waited: boolean) {
  return (circuit: ExpressRouteCircuit): ReadBackVerdict => {
    if (isFailedCircuit(circuit)) {
      throw new ArmOperationError(
        ArmAdapterErrorCodes.circuitFailed,
        `${intent.id}: after the write the circuit is provisioningState ${circuit.provisioningState ?? '?'}, circuitProvisioningState ${circuit.circuitProvisioningState ?? '?'} (bandwidth ${circuit.serviceProviderProperties?.bandwidthInMbps ?? '?'} Mbps); it needs attention`,
        { retryable: false, target: intent.id },
      );
    }
    if (!waited) return READ_BACK_OK;
    const drift = circuitDrift(intent, circuit, context.managedTag);
    return drift.length === 0 ? READ_BACK_OK : { ok: false, reason: `still differing in ${drift.join(', ')}` };
  };
}

function observed(
  context: ArmContext,
  circuit: ExpressRouteCircuit,
  scope: Scope,
): Observed<CircuitIntent, CircuitState> {
  return {
    intent: circuitToIntent(circuit, scope, context.managedTag),
    state: circuitState(circuit, context.managedTag),
  };
}

export async function ensureCircuit(
  context: ArmContext,
  catalogue: ProviderCatalogue,
  intent: CircuitIntent,
  options: EnsureOptions = {},
): Promise<Ensured<CircuitIntent, CircuitState>> {
  const client = await context.clientFor(intent.scope);
  const wait = options.waitForCompletion ?? true;
  const rg = intent.scope.resourceGroup;
  return context.circuitLocks.run(intent.id, async () => {
    const read = () => getCircuitBody(client, intent.scope, intent.name, intent.id);
    const current = await settled(context, intent.id, await read(), read, wait);
    let body: ExpressRouteCircuit;
    if (current === undefined) {
      await catalogue.assertBandwidthOffered(client, intent);
      body = circuitBody(intent);
    } else {
      assertManaged(intent.id, current.tags, context.managedTag);
      const drift = circuitDrift(intent, current, context.managedTag);
      // A Failed circuit with nothing to change is re-PUT as it is: NRP's way of retrying what failed.
      if (drift.length === 0 && current.provisioningState !== 'Failed') {
        return { outcome: 'unchanged', ...observed(context, current, intent.scope) };
      }
      assertCircuitChangeAllowed(intent, current);
      if (current.serviceProviderProperties?.bandwidthInMbps !== intent.bandwidthMbps) {
        await catalogue.assertBandwidthOffered(client, intent);
      }
      body = mergeCircuit(current, intent, context.managedTag);
    }
    await putResource(context, intent.id, wait, (lro) =>
      client.expressRouteCircuits.beginCreateOrUpdate(rg, intent.name, body, lro),
    );
    const after = await readAfterWrite(context, intent.id, read, circuitReadBack(context, intent, wait));
    return { outcome: current === undefined ? 'created' : 'updated', ...observed(context, after, intent.scope) };
  });
}

export async function readCircuit(
  context: ArmContext,
  id: string,
  scope: Scope,
  name: string,
): Promise<Observed<CircuitIntent, CircuitState> | undefined> {
  const client = await context.clientFor(scope);
  const circuit = await getCircuitBody(client, scope, name, id);
  return circuit === undefined ? undefined : observed(context, circuit, scope);
}

/**
 * Only a managed circuit the provider has let go (NotProvisioned): ARM refuses the others too, but the adapter says
 * why, without a write. Peerings, authorizations and connections still attached are refused by ARM.
 */
export async function deleteCircuit(
  context: ArmContext,
  id: string,
  scope: Scope,
  name: string,
  waitForCompletion = true,
): Promise<DeleteOutcome> {
  const client = await context.clientFor(scope);
  return context.circuitLocks.run(id, async () => {
    const circuit = await getCircuitBody(client, scope, name, id);
    if (circuit === undefined) return 'absent';
    assertManaged(id, circuit.tags, context.managedTag);
    if (alreadyDeleting(circuit, waitForCompletion)) return 'deleting';
    const providerState = circuit.serviceProviderProvisioningState ?? 'NotProvisioned';
    if (!DELETABLE_PROVIDER_STATES.has(providerState.toLowerCase())) {
      throw new ArmOperationError(
        ArmAdapterErrorCodes.circuitProvisionedCannotDelete,
        `${id}: the provider still has this circuit (serviceProviderProvisioningState ${providerState}); ask the provider to deprovision it and wait for NotProvisioned before deleting`,
        { retryable: false, target: id },
      );
    }
    return deleteResource(context, id, waitForCompletion, (lro) =>
      client.expressRouteCircuits.beginDelete(scope.resourceGroup, name, lro),
    );
  });
}
