/** ExpressRoute circuit: intent ⇄ ARM body, the fields the intent owns, and the state the port reports. */
import type { ExpressRouteCircuit } from '@azure/arm-network';
import { LEG_TAG } from '../../../domain/intents';
import type { CircuitIntent, Scope } from '../../../domain/intents';
import type { CircuitSku } from '../../../domain/spec';
import type { CircuitState } from '../../../ports/network';
import { Drift, sameCaseInsensitive } from '../compare';
import { DEFAULT_MANAGED_TAG, isManaged, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

export function circuitSkuName(sku: CircuitSku): string {
  return `${sku.tier}_${sku.family}`;
}

/** The full body of a new circuit (provider model): no peerings or authorizations yet, classic operations off. */
export function circuitBody(intent: CircuitIntent): ExpressRouteCircuit {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    sku: { name: circuitSkuName(intent.sku), tier: intent.sku.tier, family: intent.sku.family },
    serviceProviderProperties: {
      serviceProviderName: intent.serviceProviderName,
      peeringLocation: intent.peeringLocation,
      bandwidthInMbps: intent.bandwidthMbps,
    },
    allowClassicOperations: false,
    peerings: [],
    authorizations: [],
  };
}

/** The GET body with only the intent's fields changed: peerings[] and authorizations[] go back exactly as read. */
export function mergeCircuit(
  current: ExpressRouteCircuit,
  intent: CircuitIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): ExpressRouteCircuit {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    sku: { ...current.sku, name: circuitSkuName(intent.sku), tier: intent.sku.tier, family: intent.sku.family },
    serviceProviderProperties: {
      ...current.serviceProviderProperties,
      serviceProviderName: intent.serviceProviderName,
      peeringLocation: intent.peeringLocation,
      bandwidthInMbps: intent.bandwidthMbps,
    },
  };
}

/** Names of the owned fields that differ (empty: nothing to write). */
export function circuitDrift(
  intent: CircuitIntent,
  current: ExpressRouteCircuit,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  const provider = current.serviceProviderProperties;
  return new Drift()
    .check('location', sameCaseInsensitive(current.location?.replace(/\s/g, ''), intent.location))
    .check('sku.tier', current.sku?.tier === intent.sku.tier)
    .check('sku.family', current.sku?.family === intent.sku.family)
    .check('sku.name', current.sku?.name === circuitSkuName(intent.sku))
    .check(
      'serviceProviderProperties.serviceProviderName',
      provider?.serviceProviderName === intent.serviceProviderName,
    )
    .check('serviceProviderProperties.peeringLocation', provider?.peeringLocation === intent.peeringLocation)
    .check('serviceProviderProperties.bandwidthInMbps', provider?.bandwidthInMbps === intent.bandwidthMbps)
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function circuitToIntent(
  circuit: ExpressRouteCircuit,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): CircuitIntent {
  const provider = circuit.serviceProviderProperties;
  return {
    kind: 'circuit',
    id: circuit.id ?? '',
    scope,
    name: circuit.name ?? '',
    // An untagged circuit has no leg; 'a' keeps the type honest and a diff will flag the missing tag anyway.
    leg: circuit.tags?.[LEG_TAG] === 'b' ? 'b' : 'a',
    location: circuit.location ?? '',
    tags: ownedTags(circuit.tags, managedTag),
    sku: {
      tier: (circuit.sku?.tier ?? '') as CircuitSku['tier'],
      family: (circuit.sku?.family ?? '') as CircuitSku['family'],
    },
    serviceProviderName: provider?.serviceProviderName ?? '',
    peeringLocation: provider?.peeringLocation ?? '',
    bandwidthMbps: provider?.bandwidthInMbps ?? 0,
  };
}

export function circuitState(circuit: ExpressRouteCircuit, managedTag: ManagedTag = DEFAULT_MANAGED_TAG): CircuitState {
  return {
    provisioningState: circuit.provisioningState ?? 'Unknown',
    managed: isManaged(circuit.tags, managedTag),
    serviceKey: circuit.serviceKey ?? '',
    serviceProviderProvisioningState: circuit.serviceProviderProvisioningState ?? 'Unknown',
    circuitProvisioningState: circuit.circuitProvisioningState ?? 'Unknown',
    peeringNames: (circuit.peerings ?? []).map((peering) => peering.name ?? ''),
    authorizationNames: (circuit.authorizations ?? []).map((authorization) => authorization.name ?? ''),
  };
}
