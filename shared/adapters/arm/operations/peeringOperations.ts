/**
 * Peerings: children of a managed circuit, written only once the provider has provisioned the circuit.
 *
 * MD5 (BGP `sharedKey`): the intent holds a Key Vault reference; the value is resolved only when it is needed and
 * lives only in local variables. ARM may or may not return the key on GET, so:
 * - creating, or updating because another owned field differs: the resolved key is always sent (a peering PUT
 *   without it would drop the BGP key);
 * - nothing else differs and ARM reports a key: the resolved key is compared with it (digest, constant time) and
 *   re-sent only when they differ (rotation);
 * - nothing else differs and ARM reports no key: the key is re-sent (it may have been dropped, as in azurerm#12148).
 *   Against an ARM that hides keys on GET this means one PUT per ensure; the simulator and 2025-05-01 return it.
 * An intent without `md5Key` does not manage MD5: whatever key the peering has is kept.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ExpressRouteCircuitPeering, NetworkManagementClient } from '@azure/arm-network';
import type { PeeringIntent, Scope } from '../../../domain/intents';
import { AppError, ArmOperationError } from '../../../errors';
import type { DeleteOutcome, EnsureOptions, Ensured, Observed, PeeringState } from '../../../ports/network';
import { getOrUndefined } from '../armCalls';
import type { ReadBackVerdict } from '../armCalls';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import {
  mergePeering,
  peeringBody,
  peeringDrift,
  peeringState,
  peeringToIntent,
  reportsSharedKey,
} from '../mapping/peeringMapping';
import { isManaged } from '../ownership';
import { getCircuitBody } from './circuitOperations';
import { circuitRefOf, deleteCircuitChild, ensureCircuitChild } from './circuitChildren';
import type { CircuitRef } from './circuitChildren';

function getPeering(client: NetworkManagementClient, circuit: CircuitRef, name: string, id: string) {
  return getOrUndefined<ExpressRouteCircuitPeering>(id, () =>
    client.expressRouteCircuitPeerings.get(circuit.resourceGroup, circuit.name, name),
  );
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

async function resolveMd5(context: ArmContext, intent: PeeringIntent): Promise<string | undefined> {
  if (intent.md5Key === undefined) return undefined;
  if (context.secrets === undefined) {
    throw new AppError(
      ArmAdapterErrorCodes.secretResolverMissing,
      `${intent.id}: the peering has an MD5 key reference, and the ARM adapter was built without a SecretResolver`,
    );
  }
  return context.secrets.resolve(intent.md5Key);
}

function observed(
  peering: ExpressRouteCircuitPeering,
  intent: PeeringIntent,
  managed: boolean,
): Observed<PeeringIntent, PeeringState> {
  const readBack = peeringToIntent(peering, intent.circuitId, intent.scope);
  // The reference is what the adapter just wrote or verified; ARM cannot return it.
  return {
    intent: intent.md5Key === undefined ? readBack : { ...readBack, md5Key: intent.md5Key },
    state: peeringState(peering, managed),
  };
}

export async function ensurePeering(
  context: ArmContext,
  intent: PeeringIntent,
  options: EnsureOptions = {},
): Promise<Ensured<PeeringIntent, PeeringState>> {
  const ensured = await ensureCircuitChild<ExpressRouteCircuitPeering>(context, intent, options, {
    get: getPeering,
    decide: async (parent, current) => {
      let sharedKey: string | undefined;
      if (current !== undefined) {
        const drift = peeringDrift(intent, current);
        let md5Differs = false;
        if (intent.md5Key !== undefined && drift.length === 0) {
          sharedKey = await resolveMd5(context, intent);
          md5Differs =
            !reportsSharedKey(current) || (sharedKey !== undefined && !sameSecret(sharedKey, current.sharedKey ?? ''));
        }
        if (drift.length === 0 && !md5Differs && current.provisioningState !== 'Failed') return undefined;
      }
      const providerState = parent.serviceProviderProvisioningState ?? 'NotProvisioned';
      if (providerState !== 'Provisioned' || (parent.circuitProvisioningState ?? 'Enabled') !== 'Enabled') {
        throw new ArmOperationError(
          ArmAdapterErrorCodes.circuitNotProvisioned,
          `${intent.id}: peerings can only be configured once the provider has provisioned the circuit (serviceProviderProvisioningState ${providerState}, circuitProvisioningState ${parent.circuitProvisioningState ?? '?'})`,
          { retryable: false, target: intent.id },
        );
      }
      sharedKey ??= await resolveMd5(context, intent);
      const body = current === undefined ? peeringBody(intent, sharedKey) : mergePeering(current, intent, sharedKey);
      return { body, secrets: sharedKey === undefined ? [] : [sharedKey] };
    },
    put: (client, circuit, name, body) => (lro) =>
      client.expressRouteCircuitPeerings.beginCreateOrUpdate(circuit.resourceGroup, circuit.name, name, body, lro),
    readBack: (peering): ReadBackVerdict => {
      const drift = peeringDrift(intent, peering);
      return drift.length === 0 ? { ok: true } : { ok: false, reason: `still differing in ${drift.join(', ')}` };
    },
  });
  return { outcome: ensured.outcome, ...observed(ensured.resource, intent, true) };
}

export async function readPeering(
  context: ArmContext,
  id: string,
  circuitId: string,
  scope: Scope,
): Promise<Observed<PeeringIntent, PeeringState> | undefined> {
  const client = await context.clientFor(scope);
  const circuit = circuitRefOf(circuitId);
  const name = id.slice(id.lastIndexOf('/') + 1);
  const parent = await getCircuitBody(client, { resourceGroup: circuit.resourceGroup }, circuit.name, circuit.id);
  if (parent === undefined) return undefined;
  const peering = await getPeering(client, circuit, name, id);
  if (peering === undefined) return undefined;
  const managed = isManaged(parent.tags, context.managedTag);
  return { intent: peeringToIntent(peering, circuitId, scope), state: peeringState(peering, managed) };
}

export function deletePeering(
  context: ArmContext,
  id: string,
  circuitId: string,
  scope: Scope,
  waitForCompletion = true,
): Promise<DeleteOutcome> {
  return deleteCircuitChild(
    context,
    id,
    circuitId,
    scope,
    {
      get: getPeering,
      beginDelete: (client, circuit, name, lro) =>
        client.expressRouteCircuitPeerings.beginDelete(circuit.resourceGroup, circuit.name, name, lro),
    },
    waitForCompletion,
  );
}
