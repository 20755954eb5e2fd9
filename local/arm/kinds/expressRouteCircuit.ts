/**
 * ExpressRoute circuits (provider model, and ER Direct on an `expressRoutePort`). Creation starts the provider's
 * clock; until the creation operation has succeeded the circuit shows what Azure's 201 shows (recorded):
 * `circuitProvisioningState: Disabled`, the all-zeros placeholder for `serviceKey`, no `stag`. Updates may only raise the bandwidth to an offered value and never change the
 * provider, the peering location, or go from UnlimitedData to MeteredData. Peerings and authorizations ride inline.
 */
import { createHash } from 'node:crypto';
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { numberAt, objectAt, omitKeys, referenceIdAt, stringAt } from '../json';
import { providerStateOf } from '../provider';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { sameName } from '../validation';
import type { PlannedFailure, PreparedWrite, ResourceKind, WriteContext } from './kind';
import { connectionsToCircuit } from './references';

const PROVIDER_HELD_STATES = ['Provisioning', 'Provisioned', 'Deprovisioning'];

/** What Azure shows in place of the service key until the circuit's creation has finished. */
export const PLACEHOLDER_SERVICE_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Values Azure assigns that are derived here from the service key rather than drawn from the seeded PRNG, so adding
 * them did not shift which requests get injected faults for a given seed.
 */
function derivedFromKey(serviceKey: string): { stag: number; resourceGuid: string } {
  const hex = createHash('sha256').update(serviceKey).digest('hex');
  const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { stag: (Number.parseInt(hex.slice(32, 36), 16) % 4094) + 1, resourceGuid: guid };
}

function validateProviderProperties(sim: Simulation, requested: JsonObject, existing: JsonObject | undefined): void {
  const path = 'properties.serviceProviderProperties';
  const providerName = stringAt(requested, 'serviceProviderName');
  if (providerName === undefined || providerName === '') {
    throw errors.code(
      'ExpressRouteCircuitServiceProviderNameNotSpecified',
      `${path}.serviceProviderName must be specified for a circuit that does not use an ExpressRoute port.`,
    );
  }
  const peeringLocation = stringAt(requested, 'peeringLocation');
  if (peeringLocation === undefined || peeringLocation === '') {
    throw errors.code(
      'ExpressRouteCircuitServiceProviderPeeringLocationNotSpecified',
      `${path}.peeringLocation must be specified for a circuit that does not use an ExpressRoute port.`,
    );
  }
  const bandwidth = numberAt(requested, 'bandwidthInMbps');
  if (bandwidth === undefined) throw errors.invalidRequestFormat(`${path}.bandwidthInMbps`, 'is required');

  if (existing) {
    const previousProvider = stringAt(existing, 'serviceProviderName');
    if (!sameName(previousProvider, providerName)) {
      throw errors.code(
        'ExpressRouteCircuitServiceProviderChangeNotAllowed',
        `${path}.serviceProviderName cannot change from '${previousProvider ?? ''}' to '${providerName}' on an existing circuit; create a new circuit.`,
      );
    }
    const previousLocation = stringAt(existing, 'peeringLocation');
    if (!sameName(previousLocation, peeringLocation)) {
      throw errors.code(
        'ExpressRouteCircuitPeeringLocationChangeNotAllowed',
        `${path}.peeringLocation cannot change from '${previousLocation ?? ''}' to '${peeringLocation}' on an existing circuit; create a new circuit.`,
      );
    }
    const previousBandwidth = numberAt(existing, 'bandwidthInMbps') ?? 0;
    if (bandwidth < previousBandwidth) {
      throw errors.code(
        'ExpressRouteCircuitBandwidthDecreaseNotAllowed',
        `${path}.bandwidthInMbps cannot decrease from ${previousBandwidth} to ${bandwidth}; only increases are supported in place. Create a new circuit for a lower bandwidth.`,
      );
    }
  }

  const provider = sim.catalogue.find(providerName);
  if (!provider) {
    throw errors.code(
      'ExpressRouteCircuitServiceProviderDoesNotExist',
      `The service provider '${providerName}' (${path}.serviceProviderName) does not exist.`,
    );
  }
  if (!sim.catalogue.offersLocation(provider, peeringLocation)) {
    throw errors.code(
      'ExpressRouteCircuitLocationDoesNotExistForServiceProvider',
      `The peering location '${peeringLocation}' (${path}.peeringLocation) does not exist for service provider '${provider.name}'.`,
    );
  }
  const offered = sim.catalogue.bandwidths(provider);
  if (!offered.includes(bandwidth)) {
    throw errors.code(
      'ExpressRouteCircuitBandwidthNotOffered',
      `${path}.bandwidthInMbps ${bandwidth} is not offered by '${provider.name}'; offered: ${offered.join(', ')}.`,
    );
  }
}

function validateSku(sku: JsonObject, existingSku: JsonObject | undefined): void {
  const family = stringAt(sku, 'family');
  if (sameName(stringAt(existingSku, 'family'), 'UnlimitedData') && sameName(family, 'MeteredData')) {
    throw errors.code(
      'ExpressRouteCircuitSkuFamilyDowngradeNotAllowed',
      'sku.family cannot change from UnlimitedData to MeteredData; create a new circuit.',
    );
  }
}

/** Which of the two Microsoft edge router pairs at the peering location the circuit lands on (alternating). */
function routerPairFor(sim: Simulation, peeringLocation: string | undefined): number {
  const sameLocation = sim.store
    .ofKind('expressRouteCircuit')
    .filter((c) =>
      sameName(stringAt(objectAt(c.properties, 'serviceProviderProperties'), 'peeringLocation'), peeringLocation),
    );
  return sameLocation.length % 2;
}

/**
 * A new circuit must fit the subscription's quotas (`SimulationConfig.circuitQuotas`): every circuit the subscription
 * already holds counts, whoever created it and whatever its state; an update of an existing circuit is not a new one.
 */
function checkCircuitQuotas(sim: Simulation, subscriptionId: string, location: string | undefined): void {
  const quotas = sim.config.circuitQuotas;
  const held = sim.store.inSubscription(subscriptionId).filter((resource) => resource.kind === 'expressRouteCircuit');
  const inRegion = held.filter((circuit) => circuit.location === location);
  if (inRegion.length + 1 > quotas.perRegionPerSubscription) {
    throw errors.circuitCountLimitReached(quotas.perRegionPerSubscription, 'region');
  }
  if (held.length + 1 > quotas.perSubscription)
    throw errors.circuitCountLimitReached(quotas.perSubscription, 'subscription');
}

function prepare(context: WriteContext): PreparedWrite {
  const { sim, existing, properties, body } = context;
  if (existing === undefined) checkCircuitQuotas(sim, context.subscriptionId, context.location);
  const portId = referenceIdAt(properties, 'expressRoutePort');
  const providerProperties = objectAt(properties, 'serviceProviderProperties');
  if (portId === undefined) {
    if (providerProperties === undefined) {
      throw errors.code(
        'ExpressRouteCircuitCreateMissingPortProvisioningProperties',
        'Either properties.serviceProviderProperties or properties.expressRoutePort with properties.bandwidthInGbps must be specified.',
      );
    }
    validateProviderProperties(sim, providerProperties, objectAt(existing?.properties, 'serviceProviderProperties'));
  } else if (numberAt(properties, 'bandwidthInGbps') === undefined) {
    throw errors.code(
      'ExpressRouteCircuitCreateMissingPortProvisioningProperties',
      'properties.bandwidthInGbps must be specified for a circuit on an ExpressRoute port.',
    );
  }

  const sku = objectAt(body, 'sku') ?? existing?.sku;
  if (sku) validateSku(sku, existing?.sku);
  const failure: PlannedFailure | undefined =
    sku === undefined
      ? {
          code: 'ExpressRouteCircuitSkuNotSpecified',
          message: 'The circuit has no sku (sku.name, sku.tier, sku.family); it could not be provisioned.',
          apply: (circuit) => (circuit.properties.circuitProvisioningState = 'Disabled'),
        }
      : undefined;

  const serviceKey = stringAt(existing?.properties, 'serviceKey') ?? sim.newGuid();
  const derived = derivedFromKey(serviceKey);
  const stored: JsonObject = {
    ...properties,
    resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? derived.resourceGuid,
    allowClassicOperations: properties.allowClassicOperations ?? false,
    allowGlobalReach: properties.allowGlobalReach ?? false,
    globalReachEnabled: properties.globalReachEnabled ?? false,
    serviceKey,
    stag: numberAt(existing?.properties, 'stag') ?? derived.stag,
    circuitProvisioningState: stringAt(existing?.properties, 'circuitProvisioningState') ?? 'Enabled',
    serviceProviderProvisioningState: existing
      ? providerStateOf(existing)
      : portId === undefined
        ? 'NotProvisioned'
        : 'Provisioned',
    gatewayManagerEtag: stringAt(existing?.properties, 'gatewayManagerEtag') ?? '',
  };
  if (portId !== undefined && stringAt(properties, 'authorizationKey') !== undefined)
    stored.authorizationStatus = 'Enabled';

  const isProviderModelCreate = existing === undefined && portId === undefined && failure === undefined;
  return {
    properties: stored,
    ...(sku ? { sku } : {}),
    internal: existing
      ? existing.internal
      : { routerPair: routerPairFor(sim, stringAt(providerProperties, 'peeringLocation')) },
    ...(failure ? { failure } : {}),
    afterStore: (circuit) => {
      if (isProviderModelCreate) sim.provider.circuitCreated(circuit);
    },
    afterSucceeded: (circuit) => {
      circuit.internal.creationSucceeded = true;
    },
  };
}

/** Before its creation has succeeded, a circuit shows Azure's placeholders instead of what is issued at the end. */
function present(_sim: Simulation, circuit: StoredResource, properties: JsonObject): JsonObject {
  if (circuit.internal.creationSucceeded === true) return properties;
  return {
    ...omitKeys(properties, ['stag']),
    circuitProvisioningState: 'Disabled',
    serviceKey: PLACEHOLDER_SERVICE_KEY,
  };
}

function checkDelete(sim: Simulation, circuit: StoredResource): PlannedFailure | undefined {
  const connections = connectionsToCircuit(sim, circuit.id);
  if (connections.length > 0) {
    throw errors.code(
      'ExpressRouteCircuitHasConnections',
      `Circuit ${circuit.name} cannot be deleted because it has associated virtual network connections: ${connections.map((c) => c.id).join(', ')}. Delete the connections first.`,
    );
  }
  const authorizations = sim.store.children(circuit.key, 'authorization');
  if (authorizations.length > 0) {
    throw errors.code(
      'ExpressRouteCircuitHasAuthorizations',
      `Circuit ${circuit.name} cannot be deleted while it has authorizations: ${authorizations.map((a) => a.name).join(', ')}. Delete them first.`,
    );
  }
  const peerings = sim.store.children(circuit.key, 'peering');
  if (peerings.length > 0) {
    throw errors.code(
      'ExpressRouteCircuitHasPeerings',
      `Circuit ${circuit.name} cannot be deleted while it has peerings: ${peerings.map((p) => p.name).join(', ')}. Delete them first.`,
    );
  }
  const providerState = providerStateOf(circuit);
  if (PROVIDER_HELD_STATES.includes(providerState)) {
    const message = `The specified dedicated circuit is not in Deprovisioned state (serviceProviderProvisioningState is ${providerState}). Please initiate the deprovisioning process with your service provider.`;
    if (sim.config.circuitDeleteWhileProvisioned === 'refuse') throw errors.code('ConflictError', message);
    return {
      code: 'ConflictError',
      message,
      httpStatus: 409,
      apply: (failed) => (failed.properties.provisioningState = 'Succeeded'),
    };
  }
  return undefined;
}

export const expressRouteCircuitKind: ResourceKind = {
  name: 'expressRouteCircuit',
  type: 'Microsoft.Network/expressRouteCircuits',
  pathTypes: ['expressRouteCircuits'],
  operationNoun: 'ExpressRouteCircuit',
  topLevel: true,
  rendersType: true,
  duration: 'circuit',
  deleteDuration: 'circuitDelete',
  children: [
    { property: 'peerings', kind: 'peering' },
    { property: 'authorizations', kind: 'authorization' },
  ],
  readOnly: [
    'serviceKey',
    'serviceProviderNotes',
    'circuitProvisioningState',
    'serviceProviderProvisioningState',
    'gatewayManagerEtag',
    'stag',
    'authorizationStatus',
    'resourceGuid',
  ],
  prepare,
  present,
  checkDelete,
};

/** `AMS2` for `Amsterdam2`: the site code used in the simulated MSEE port names. */
export function siteCode(peeringLocation: string): string {
  const compact = peeringLocation.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const digits = /\d+$/.exec(compact)?.[0] ?? '';
  return `${compact.replace(/\d+$/, '').slice(0, 3)}${digits}`;
}
