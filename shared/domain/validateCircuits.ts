/**
 * Validation rules of the circuit pairs and their peerings: bandwidth, peering locations, SKU, subscriptions, peering
 * prefixes (distinct across every pair), VLANs, ASNs, the Microsoft peering's prefixes and communities, and the rules
 * between pairs (names, separate Microsoft peering). Each pair's issues are reported at its path (`circuits` or
 * `circuitPairs[i]`). Pure: no I/O, no Azure SDKs.
 */
import { azureNameProblems } from './azureNames';
import { isIpv4, isPublicIPv4Block, overlaps, parseCidr, sameCidr } from './cidr';
import { mention, mentionResourceName, quoteValue } from './issueWording';
import {
  BANDWIDTH_LADDER_MBPS,
  PEERING_PREFIX_LENGTH,
  VLAN_MAX,
  VLAN_MIN,
  classifyAsn,
  isLadderBandwidth,
  isMicrosoftCommunity,
  normalizePeeringLocation,
  sameId,
} from './rules';
import { circuitName, routeFilterName } from './naming';
import { circuitPairsOf, type CircuitPairOfSpec } from './pairs';
import type { CspContext, CustomerSpec, MicrosoftPeering, PrivatePeering } from './spec';
import type { Cidr } from './cidr';
import { isCustomerSubscription, parseCidrField, type Report } from './validateCommon';

const LEG_NAMES = ['leg A', 'leg B'] as const;
const PEERING_PREFIX_FIELDS = ['primaryPeerAddressPrefix', 'secondaryPeerAddressPrefix'] as const;

type PeeringKey = 'privatePeering' | 'microsoftPeering';

function peeringsOf(pair: CircuitPairOfSpec): [PeeringKey, PrivatePeering | MicrosoftPeering | undefined][] {
  return [
    ['privatePeering', pair.privatePeering],
    ['microsoftPeering', pair.microsoftPeering],
  ];
}

/** Every rule of the circuit pairs and their peerings. */
export function checkCircuits(spec: CustomerSpec, context: CspContext, report: Report): void {
  const pairs = circuitPairsOf(spec);
  checkCustomerSubscriptions(spec, context, report);
  checkPairNames(spec, pairs, report);
  for (const pair of pairs) {
    checkCircuitPair(spec, pair, context, report);
    checkPairPeerings(spec, pair, report);
  }
  checkPeeringPrefixes(spec, pairs, report);
  for (const pair of pairs) {
    checkPeeringVlansAndAsns(pair, report);
    if (pair.microsoftPeering)
      checkMicrosoftPeeringConfig(pair.microsoftPeering, `${pair.path}.microsoftPeering`, report);
  }
}

/** Pair names are unique, and every name derived from them is one Azure takes. */
function checkPairNames(spec: CustomerSpec, pairs: readonly CircuitPairOfSpec[], report: Report): void {
  if (spec.circuitPairs === undefined) return;
  const seen = new Map<string, string>();
  for (const pair of pairs) {
    const path = `${pair.path}.name`;
    const earlier = seen.get(pair.name);
    if (earlier !== undefined) {
      report(
        path,
        'pair.name-unique',
        `pair name ${quoteValue(pair.name)} is already used at ${earlier}: the name is part of its circuits' names`,
      );
      continue;
    }
    seen.set(pair.name, path);
    const derived: [string, 'expressRouteCircuit' | 'routeFilter'][] = [
      [circuitName(spec.customer.id, 'a', pair.name), 'expressRouteCircuit'],
      [circuitName(spec.customer.id, 'b', pair.name), 'expressRouteCircuit'],
      [routeFilterName(spec.customer.id, pair.name), 'routeFilter'],
    ];
    for (const [name, type] of derived) {
      for (const problem of azureNameProblems(name, type)) {
        report(
          path,
          'pair.name-in-resource-names',
          `gives the resource name ${quoteValue(name)}, which Azure refuses: ${problem.message}`,
        );
      }
    }
  }
}

function checkCustomerSubscriptions(spec: CustomerSpec, context: CspContext, report: Report): void {
  spec.customer.subscriptions.forEach((subscriptionId, index) => {
    if (context.cspSubscriptionIds.some((id) => sameId(id, subscriptionId))) {
      report(
        `customer.subscriptions[${index}]`,
        'subscription.not-csp',
        `${mention(subscriptionId)} is one of the CSP's own subscriptions: a customer's allow-list names only subscriptions ` +
          "in the customer's tenant",
      );
    }
  });
}

function checkCircuitPair(spec: CustomerSpec, pair: CircuitPairOfSpec, context: CspContext, report: Report): void {
  const { customer } = spec;
  const at = pair.path;

  if (!isLadderBandwidth(pair.bandwidthMbps)) {
    report(
      `${at}.bandwidthMbps`,
      'bandwidth.ladder',
      `${pair.bandwidthMbps} Mbps is not an ExpressRoute bandwidth; use one of ${BANDWIDTH_LADDER_MBPS.join(', ')} Mbps`,
    );
  }

  const [locationA, locationB] = pair.peeringLocations;
  if (normalizePeeringLocation(locationA) === normalizePeeringLocation(locationB)) {
    report(
      `${at}.peeringLocations[1]`,
      'peering-location.distinct',
      `must differ from leg A's peering location ${quoteValue(locationA)}: the two circuits of a pair sit at different peering ` +
        'locations so that one facility outage leaves one circuit up',
    );
  }

  if (pair.sku.tier === 'Local' && pair.sku.family !== 'UnlimitedData') {
    report(
      `${at}.sku.family`,
      'sku.local-unlimited-data',
      'must be UnlimitedData for a Local circuit (Local includes egress, so it only comes as unlimited data)',
    );
  }

  const subscriptionId = pair.subscriptionId;
  if (subscriptionId === undefined) {
    // Connect-through: left out, the pair is placed in one of the CSP's subscriptions when the onboarding is planned.
    if (customer.model === 'connect-to') {
      report(
        `${at}.subscriptionId`,
        'subscription.required',
        "is required in the connect-to model: the circuits live in one of the customer's subscriptions",
      );
    }
  } else if (customer.model === 'connect-through') {
    if (!context.cspSubscriptionIds.some((id) => sameId(id, subscriptionId))) {
      report(
        `${at}.subscriptionId`,
        'subscription.allow-list',
        `${mention(subscriptionId)} is not one of the CSP's subscriptions: in the connect-through model the CSP ` +
          'owns the circuits',
      );
    }
  } else if (!isCustomerSubscription(spec, subscriptionId)) {
    report(
      `${at}.subscriptionId`,
      'subscription.allow-list',
      `${mention(subscriptionId)} is not in customer.subscriptions: in the connect-to model the circuits live in one ` +
        "of the customer's own subscriptions",
    );
  }
}

/** A pair carries at least one peering, and not both when the customer keeps Microsoft peering separate. */
function checkPairPeerings(spec: CustomerSpec, pair: CircuitPairOfSpec, report: Report): void {
  if (pair.privatePeering === undefined && pair.microsoftPeering === undefined) {
    report(
      pair.path,
      'pair.peering-required',
      'must carry privatePeering, microsoftPeering or both: a pair without a peering carries no traffic',
    );
  }
  if (
    spec.customer.separateMicrosoftPeering === true &&
    pair.privatePeering !== undefined &&
    pair.microsoftPeering !== undefined
  ) {
    report(
      `${pair.path}.microsoftPeering`,
      'pair.separate-microsoft-peering',
      'must go on a pair of its own: customer.separateMicrosoftPeering keeps public (Microsoft peering) and private ' +
        'traffic on different circuits',
    );
  }
}

interface PeeringPrefix {
  readonly path: string;
  readonly text: string;
  readonly cidr: Cidr;
  readonly peering: PeeringKey;
}

function checkPeeringPrefixes(spec: CustomerSpec, pairs: readonly CircuitPairOfSpec[], report: Report): void {
  const prefixes: PeeringPrefix[] = [];
  for (const [pair, peeringKey, peering] of pairs.flatMap((p) => peeringsOf(p).map(([k, v]) => [p, k, v] as const))) {
    if (!peering) continue;
    const example = peeringKey === 'privatePeering' ? '192.168.100.0/30' : '203.0.113.0/30';
    peering.legs.forEach((leg, legIndex) => {
      for (const field of PEERING_PREFIX_FIELDS) {
        const path = `${pair.path}.${peeringKey}.legs[${legIndex}].${field}`;
        const text = leg[field];
        const cidr = parseCidrField(text, path, example, report);
        if (!cidr) continue;
        if (!isIpv4(cidr) || cidr.prefixLength !== PEERING_PREFIX_LENGTH) {
          report(
            path,
            'prefix.slash30',
            `${mention(text)} must be an IPv4 /30: each link of a peering takes exactly one /30`,
          );
        }
        if (peeringKey === 'microsoftPeering' && !isPublicIPv4Block(cidr)) {
          report(
            path,
            'ms-peering.public-prefix',
            `${mention(text)} is not public: Microsoft peering needs public IPv4 addresses you own`,
          );
        }
        prefixes.push({ path, text, cidr, peering: peeringKey });
      }
    });
  }

  prefixes.forEach((prefix, index) => {
    const earlier = prefixes.slice(0, index).find((other) => overlaps(prefix.cidr, other.cidr));
    if (earlier) {
      const relation = sameCidr(prefix.cidr, earlier.cidr) ? 'is the same block as' : 'overlaps';
      report(
        prefix.path,
        'prefix.overlap',
        `${mention(prefix.text)} ${relation} ${mention(earlier.text)} (${earlier.path}): every peering /30 of the ` +
          `${pairs.length === 1 ? 'pair' : "customer's pairs"} must be distinct`,
      );
    }
  });

  const vnetRanges = spec.vnetLinks.flatMap((link) =>
    link.addressSpace.flatMap((text) => {
      const parsed = parseCidr(text);
      return parsed.ok ? [{ text, cidr: parsed.cidr, vnetId: link.vnetId }] : [];
    }),
  );
  for (const prefix of prefixes.filter((p) => p.peering === 'privatePeering')) {
    for (const range of vnetRanges.filter((r) => overlaps(prefix.cidr, r.cidr))) {
      report(
        prefix.path,
        'prefix.vnet-overlap',
        `${mention(prefix.text)} overlaps ${mention(range.text)} of VNet ${mentionResourceName(range.vnetId)}: peering addresses must not ` +
          'overlap any linked VNet',
      );
    }
  }
}

function checkPeeringVlansAndAsns(pair: CircuitPairOfSpec, report: Report): void {
  const { privatePeering, microsoftPeering } = pair;
  for (const [peeringKey, peering] of peeringsOf(pair)) {
    if (!peering) continue;
    checkPeerAsn(peering.peerAsn, `${pair.path}.${peeringKey}.peerAsn`, report);
    peering.legs.forEach((leg, legIndex) => {
      if (leg.vlanId < VLAN_MIN || leg.vlanId > VLAN_MAX) {
        report(
          `${pair.path}.${peeringKey}.legs[${legIndex}].vlanId`,
          'vlan.range',
          `VLAN ${leg.vlanId} is out of range: use ${VLAN_MIN}-${VLAN_MAX}`,
        );
      }
    });
  }
  microsoftPeering?.legs.forEach((leg, legIndex) => {
    if (leg.vlanId === privatePeering?.legs[legIndex]?.vlanId) {
      report(
        `${pair.path}.microsoftPeering.legs[${legIndex}].vlanId`,
        'vlan.unique-per-circuit',
        `VLAN ${leg.vlanId} is already used by the private peering on the same circuit (${LEG_NAMES[legIndex] ?? ''}); ` +
          'each peering of a circuit needs its own VLAN',
      );
    }
  });
}

function checkPeerAsn(asn: number, path: string, report: Report): void {
  const kind = classifyAsn(asn);
  if (kind === 'out-of-range') report(path, 'asn.range', `ASN ${asn} is out of range: use 1-4294967295`);
  if (kind === 'microsoft') {
    report(path, 'asn.reserved', `ASN ${asn} is reserved by Microsoft (12076 and 65515-65520 cannot be used)`);
  }
}

function checkMicrosoftPeeringConfig(peering: MicrosoftPeering, at: string, report: Report): void {
  if (peering.customerAsn !== undefined) {
    const path = `${at}.customerAsn`;
    const kind = classifyAsn(peering.customerAsn);
    if (kind === 'out-of-range' || kind === 'microsoft') checkPeerAsn(peering.customerAsn, path, report);
    else if (kind !== 'public') {
      report(
        path,
        'asn.customer-public',
        `ASN ${peering.customerAsn} is a ${kind} ASN: customerAsn, when set, must be the public ASN the prefixes ` +
          'are registered to',
      );
    }
  }

  peering.advertisedPublicPrefixes.forEach((text, index) => {
    const path = `${at}.advertisedPublicPrefixes[${index}]`;
    const cidr = parseCidrField(text, path, '203.0.113.128/27', report);
    if (cidr && !isPublicIPv4Block(cidr)) {
      report(
        path,
        'ms-peering.public-prefix',
        `${mention(text)} is not a public IPv4 block: Microsoft peering only accepts public prefixes you own`,
      );
    }
  });

  peering.routeFilterCommunities.forEach((community, index) => {
    if (!isMicrosoftCommunity(community)) {
      report(
        `${at}.routeFilterCommunities[${index}]`,
        'ms-peering.community',
        `${quoteValue(community)} is not a Microsoft BGP community such as 12076:5010 (the route filter only ` +
          "honours Microsoft's own communities)",
      );
    }
  });
}
