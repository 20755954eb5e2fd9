/**
 * Validation rules of the VNet links and their ExpressRoute gateways: link limits, subscriptions, address spaces,
 * gateway SKU and scale units, FastPath, routing weight, and the circuits a gateway and a VNet can take.
 * Pure: no I/O, no Azure SDKs.
 */
import { sameArmId, subscriptionOfArmId } from './armIds';
import { overlaps, type Cidr } from './cidr';
import { mention, mentionResourceName } from './issueWording';
import {
  ERGWSCALE_UNITS,
  MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET,
  ROUTING_WEIGHT,
  gatewayMaxCircuitConnections,
  gatewaySupportsFastPath,
  isLadderBandwidth,
  normalizePeeringLocation,
  sameId,
  vnetLinksPerCircuit,
} from './rules';
import { circuitPairsOf, pairsOfLink, type CircuitPairOfSpec } from './pairs';
import type { CustomerSpec, VnetLink } from './spec';
import { checkArmIdSubscription, parseCidrField, type Report } from './validateCommon';

/** What already exists around a request, for the limits that only bite together with it. */
export interface ExistingUsage {
  /** Circuits already linked to each VNet (keyed by VNet ARM id), counted per peering location. */
  readonly existingCircuitsPerVnetLocation?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export function checkVnetLinks(spec: CustomerSpec, usage: ExistingUsage, report: Report): void {
  const { vnetLinks } = spec;
  const pairs = circuitPairsOf(spec);
  checkLinkedPairNames(spec, pairs, report);

  // Per-circuit VNet-link limits: both circuits of a pair carry the same links.
  for (const pair of pairs) {
    if (!isLadderBandwidth(pair.bandwidthMbps)) continue;
    const limit = vnetLinksPerCircuit(pair.sku.tier, pair.bandwidthMbps);
    const linked = vnetLinks.filter((link) =>
      pairsOfLink(link, pairs).some((linkedPair) => linkedPair.name === pair.name),
    );
    if (linked.length > limit) {
      const single = spec.circuitPairs === undefined;
      report(
        single ? 'vnetLinks' : pair.path,
        'limit.vnet-links-per-circuit',
        `${linked.length} VNets would be linked${single ? '' : ` to pair ${mention(pair.name)}`}, but a ${pair.sku.tier} ` +
          `circuit at ${pair.bandwidthMbps} Mbps takes at most ${limit} VNet links`,
      );
    }
  }

  const addressSpaces: { path: string; text: string; cidr: Cidr; vnetId: string }[] = [];
  vnetLinks.forEach((link, index) => {
    const path = `vnetLinks[${index}]`;
    // A VNet listed twice is reported once, by the collision rules (vnet.duplicate); its copy is not checked again.
    if (vnetLinks.slice(0, index).some((other) => sameArmId(other.vnetId, link.vnetId))) return;
    checkArmIdSubscription(spec, link.vnetId, `${path}.vnetId`, report);
    link.addressSpace.forEach((text, spaceIndex) => {
      const spacePath = `${path}.addressSpace[${spaceIndex}]`;
      const cidr = parseCidrField(text, spacePath, '10.10.0.0/16', report);
      if (cidr) addressSpaces.push({ path: spacePath, text, cidr, vnetId: link.vnetId });
    });
    checkGateway(spec, link, path, report);
    checkCircuitsPerGatewayAndLocation(link, pairsOfLink(link, pairs), path, usage, report);
    if (link.routingWeight < ROUTING_WEIGHT.min || link.routingWeight > ROUTING_WEIGHT.max) {
      report(
        `${path}.routingWeight`,
        'routing-weight.range',
        `${link.routingWeight} is out of range: use ${ROUTING_WEIGHT.min}-${ROUTING_WEIGHT.max}`,
      );
    }
  });

  addressSpaces.forEach((space, index) => {
    const earlier = addressSpaces.slice(0, index).find((other) => overlaps(space.cidr, other.cidr));
    if (earlier) {
      report(
        space.path,
        'address-space.overlap',
        `${mention(space.text)} overlaps ${mention(earlier.text)} of VNet ${mentionResourceName(earlier.vnetId)}: VNets on the same circuits ` +
          'share one routing domain, so their address spaces must be distinct',
      );
    }
  });
}

function checkGateway(spec: CustomerSpec, link: VnetLink, path: string, report: Report): void {
  const { gateway } = link;
  if (gateway.id !== undefined) {
    checkArmIdSubscription(spec, gateway.id, `${path}.gateway.id`, report);
    const gatewaySubscription = subscriptionOfArmId(gateway.id) ?? '';
    if (!sameId(gatewaySubscription, subscriptionOfArmId(link.vnetId) ?? '')) {
      report(
        `${path}.gateway.id`,
        'gateway.same-subscription',
        `gateway ${mentionResourceName(gateway.id)} must be in the same subscription as VNet ${mentionResourceName(link.vnetId)}`,
      );
    }
  }

  if (gateway.sku === 'ErGwScale') {
    if (gateway.scaleUnits === undefined) {
      report(
        `${path}.gateway.scaleUnits`,
        'gateway.scale-units',
        `is required for an ErGwScale gateway: ${ERGWSCALE_UNITS.min}-${ERGWSCALE_UNITS.max} scale units`,
      );
    } else if (gateway.scaleUnits < ERGWSCALE_UNITS.min || gateway.scaleUnits > ERGWSCALE_UNITS.max) {
      report(
        `${path}.gateway.scaleUnits`,
        'gateway.scale-units',
        `${gateway.scaleUnits} is out of range: ErGwScale takes ${ERGWSCALE_UNITS.min}-${ERGWSCALE_UNITS.max} units`,
      );
    }
  } else if (gateway.scaleUnits !== undefined) {
    report(
      `${path}.gateway.scaleUnits`,
      'gateway.scale-units',
      `applies only to ErGwScale gateways; leave it out for ${gateway.sku}`,
    );
  }

  if (link.fastPath && !gatewaySupportsFastPath(gateway.sku, gateway.scaleUnits)) {
    report(
      `${path}.fastPath`,
      'gateway.fast-path',
      `FastPath needs an UltraPerformance or ErGw3AZ gateway, or ErGwScale with at least 10 scale units; this ` +
        `VNet's gateway is ${gatewayDescription(gateway)}`,
    );
  }
}

function gatewayDescription(gateway: VnetLink['gateway']): string {
  return gateway.scaleUnits === undefined ? gateway.sku : `${gateway.sku} with ${gateway.scaleUnits} scale units`;
}

/** Circuits already linked to one VNet, per normalized peering location. */
function existingCircuitsByLocation(usage: ExistingUsage, vnetId: string): Map<string, number> {
  const byLocation = new Map<string, number>();
  for (const [id, perLocation] of Object.entries(usage.existingCircuitsPerVnetLocation ?? {})) {
    if (!sameArmId(id, vnetId)) continue;
    for (const [location, count] of Object.entries(perLocation)) {
      const key = normalizePeeringLocation(location);
      byLocation.set(key, (byLocation.get(key) ?? 0) + count);
    }
  }
  return byLocation;
}

/** A link names only pairs the spec has, each once. */
function checkLinkedPairNames(spec: CustomerSpec, pairs: readonly CircuitPairOfSpec[], report: Report): void {
  const known = new Set(pairs.map((pair) => pair.name));
  spec.vnetLinks.forEach((link, index) => {
    link.pairs?.forEach((name, nameIndex) => {
      const path = `vnetLinks[${index}].pairs[${nameIndex}]`;
      if (!known.has(name)) {
        report(
          path,
          'vnet-link.unknown-pair',
          `${mention(name)} is not a pair of this customer; its pairs are ${pairs.map((pair) => mention(pair.name)).join(', ')}`,
        );
      } else if (link.pairs?.indexOf(name) !== nameIndex) {
        report(path, 'vnet-link.pair-duplicate', `${mention(name)} is already listed for this VNet`);
      } else if (pairs.find((pair) => pair.name === name)?.privatePeering === undefined) {
        report(
          path,
          'vnet-link.pair-private-peering',
          `pair ${mention(name)} has no private peering: a VNet's gateway connects to a circuit through private peering`,
        );
      }
    });
  });
}

function checkCircuitsPerGatewayAndLocation(
  link: VnetLink,
  linkedPairs: readonly CircuitPairOfSpec[],
  path: string,
  usage: ExistingUsage,
  report: Report,
): void {
  const existing = existingCircuitsByLocation(usage, link.vnetId);
  const { gateway } = link;
  const scaleUnitsValid =
    gateway.sku !== 'ErGwScale' ||
    (gateway.scaleUnits !== undefined &&
      gateway.scaleUnits >= ERGWSCALE_UNITS.min &&
      gateway.scaleUnits <= ERGWSCALE_UNITS.max);
  if (scaleUnitsValid) {
    const capacity = gatewayMaxCircuitConnections(gateway.sku, gateway.scaleUnits);
    const existingTotal = [...existing.values()].reduce((sum, count) => sum + count, 0);
    const added = 2 * linkedPairs.length;
    if (existingTotal + added > capacity) {
      report(
        `${path}.gateway.sku`,
        'limit.gateway-connections',
        `a ${gatewayDescription(gateway)} gateway connects at most ${capacity} circuits; this VNet already has ` +
          `${existingTotal} and ${linkedPairs.length === 1 ? 'the pair adds 2' : `its ${linkedPairs.length} pairs add ${added}`}`,
      );
    }
  }

  const newCircuitsByLocation = new Map<string, { name: string; count: number }>();
  for (const location of linkedPairs.flatMap((pair) => pair.peeringLocations)) {
    const key = normalizePeeringLocation(location);
    const entry = newCircuitsByLocation.get(key) ?? { name: location.trim(), count: 0 };
    newCircuitsByLocation.set(key, { ...entry, count: entry.count + 1 });
  }
  for (const [key, { name, count }] of newCircuitsByLocation) {
    const existingHere = existing.get(key) ?? 0;
    if (existingHere + count > MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET) {
      report(
        `${path}.vnetId`,
        'limit.circuits-per-location-per-vnet',
        `VNet ${mentionResourceName(link.vnetId)} would have ${existingHere + count} circuits from peering location ${mention(name)} ` +
          `(${existingHere} existing + ${count} new); at most ${MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET} circuits ` +
          'from one peering location can be linked to a VNet',
      );
    }
  }
}
