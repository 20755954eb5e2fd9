/**
 * Validation rules of `encryption` (docs/encryption.md): IPsec over ExpressRoute private peering, or firewall
 * appliances at both ends. Every rule names its field path, a stable rule id, and the Azure page it comes from.
 * Pure: no I/O, no Azure SDKs.
 */
import { sameArmId } from './armIds';
import { formatCidr, overlaps, parseCidr, parseIpAddress, type Cidr, type IpAddress } from './cidr';
import { ENCRYPTION_ROUTE_TABLE_ROLE } from './encryptionTopology';
import { quoteValue } from './issueWording';
import { MICROSOFT_ASN, MICROSOFT_RESERVED_ASNS, isGatewaySubnet } from './rules';
import type { CustomerSpec, FirewallAppliances, IpsecOverPrivatePeering, IpsecPolicy, VnetLink } from './spec';
import { checkArmIdSubscription, parseCidrField, type Report } from './validateCommon';

/** The Azure pages the rules come from (quoted in their messages). */
export const ENCRYPTION_SOURCES = {
  coexistence: 'https://learn.microsoft.com/azure/expressroute/expressroute-howto-coexist-resource-manager',
  vpnOverPrivatePeering: 'https://learn.microsoft.com/azure/vpn-gateway/site-to-site-vpn-private-peering',
  ipsecIkePolicy: 'https://learn.microsoft.com/azure/vpn-gateway/ipsec-ike-policy-howto',
  userDefinedRoutes: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview',
} as const;

/** Coexistence: "The Gateway Subnet must be /27 or a shorter prefix (such as /26 or /25)." */
export const COEXISTENCE_MAX_GATEWAY_SUBNET_PREFIX_LENGTH = 27;
/** Coexistence: the VPN gateway keeps Azure's default ASN. */
export const COEXISTENCE_VPN_GATEWAY_ASN = 65515;
/** VPN over private peering: "This feature is available for the following SKUs: VpnGw1AZ … VpnGw5AZ". */
export const PRIVATE_IP_VPN_GATEWAY_SKUS = ['VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ'] as const;

/** Azure's supported algorithms and key strengths for a custom IPsec/IKE policy (ipsecIkePolicy page). */
export const IPSEC_POLICY_ALLOWED = {
  ikeEncryption: ['GCMAES256', 'GCMAES128', 'AES256', 'AES192', 'AES128'],
  ikeIntegrity: ['SHA384', 'SHA256', 'SHA1', 'MD5'],
  dhGroup: ['DHGroup24', 'ECP384', 'ECP256', 'DHGroup14', 'DHGroup2048', 'DHGroup2', 'DHGroup1', 'None'],
  ipsecEncryption: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'AES256', 'AES192', 'AES128', 'DES3', 'DES', 'None'],
  ipsecIntegrity: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'SHA256', 'SHA1', 'MD5'],
  pfsGroup: ['PFS24', 'ECP384', 'ECP256', 'PFS2048', 'PFS2', 'PFS1', 'None'],
} as const satisfies Partial<Record<keyof IpsecPolicy, readonly string[]>>;

/** Quick Mode SA lifetimes and DPD timeout bounds (ipsecIkePolicy page). */
export const IPSEC_LIMITS = {
  saLifeTimeSecondsMin: 300,
  saDataSizeKilobytesMin: 1024,
  dpdTimeoutSeconds: { min: 9, max: 3600 },
} as const;

const POLICY_RULE_IDS: Readonly<Record<keyof typeof IPSEC_POLICY_ALLOWED, string>> = {
  ikeEncryption: 'encryption.ipsec-policy.ike-encryption',
  ikeIntegrity: 'encryption.ipsec-policy.ike-integrity',
  dhGroup: 'encryption.ipsec-policy.dh-group',
  ipsecEncryption: 'encryption.ipsec-policy.ipsec-encryption',
  ipsecIntegrity: 'encryption.ipsec-policy.ipsec-integrity',
  pfsGroup: 'encryption.ipsec-policy.pfs-group',
};

const PATH = 'encryption';

/** Every rule of the customer's `encryption`, when it has one. */
export function checkEncryption(spec: CustomerSpec, report: Report): void {
  const encryption = spec.encryption;
  if (encryption === undefined) return;
  const link = checkHubVnet(spec, encryption.vnetId, report);
  if (encryption.mode === 'ipsec-over-private-peering') checkIpsec(spec, encryption, link, report);
  else checkFirewallAppliances(spec, encryption, link, report);
}

/** The encrypted VNet is one of the request's VNet links, in the customer's subscriptions. */
function checkHubVnet(spec: CustomerSpec, vnetId: string, report: Report): VnetLink | undefined {
  checkArmIdSubscription(spec, vnetId, `${PATH}.vnetId`, report);
  const link = spec.vnetLinks.find((candidate) => sameArmId(candidate.vnetId, vnetId));
  if (link === undefined) {
    report(
      `${PATH}.vnetId`,
      'encryption.vnet-linked',
      'must be one of vnetLinks: encryption runs over the ExpressRoute private peering that VNet is linked to',
    );
  }
  return link;
}

// ---------------------------------------------------------------------------------------------------------------
// IPsec over private peering

function checkIpsec(
  spec: CustomerSpec,
  encryption: IpsecOverPrivatePeering,
  link: VnetLink | undefined,
  report: Report,
) {
  const { coexistence, vpnOverPrivatePeering } = ENCRYPTION_SOURCES;
  const vnetSpace = cidrsOf(link?.addressSpace ?? []);

  const gatewaySubnet = parseCidrField(
    encryption.gatewaySubnetPrefix,
    `${PATH}.gatewaySubnetPrefix`,
    '10.0.255.0/27',
    report,
  );
  if (gatewaySubnet !== undefined) {
    if (gatewaySubnet.prefixLength > COEXISTENCE_MAX_GATEWAY_SUBNET_PREFIX_LENGTH) {
      report(
        `${PATH}.gatewaySubnetPrefix`,
        'encryption.gateway-subnet-size',
        `${formatCidr(gatewaySubnet)} is too small: a GatewaySubnet shared by an ExpressRoute and a VPN gateway must be ` +
          `/${COEXISTENCE_MAX_GATEWAY_SUBNET_PREFIX_LENGTH} or larger (${coexistence})`,
      );
    }
    if (link !== undefined && !vnetSpace.some((space) => contains(space, gatewaySubnet))) {
      report(
        `${PATH}.gatewaySubnetPrefix`,
        'encryption.gateway-subnet-in-vnet',
        `${formatCidr(gatewaySubnet)} is not inside the VNet's addressSpace (${link.addressSpace.join(', ')})`,
      );
    }
  }

  const { sku, vpnType, asn } = encryption.vpnGateway;
  if (!(PRIVATE_IP_VPN_GATEWAY_SKUS as readonly string[]).includes(sku)) {
    report(
      `${PATH}.vpnGateway.sku`,
      'encryption.vpn-sku',
      `${quoteValue(sku)} cannot carry IPsec over private peering: use ${PRIVATE_IP_VPN_GATEWAY_SKUS.join(', ')} ` +
        `(private IP is offered on these only; Basic never coexists with ExpressRoute) (${vpnOverPrivatePeering})`,
    );
  }
  if (vpnType !== 'RouteBased') {
    report(
      `${PATH}.vpnGateway.vpnType`,
      'encryption.route-based',
      `${quoteValue(vpnType)}: only a route-based VPN gateway coexists with ExpressRoute (${coexistence})`,
    );
  }
  if (asn !== COEXISTENCE_VPN_GATEWAY_ASN) {
    report(
      `${PATH}.vpnGateway.asn`,
      'encryption.vpn-asn',
      `${asn}: a VPN gateway coexisting with ExpressRoute must keep Azure's default ASN ${COEXISTENCE_VPN_GATEWAY_ASN} ` +
        `(${coexistence})`,
    );
  }

  checkIpsecPolicy(encryption.ipsecPolicy, `${PATH}.ipsecPolicy`, report);
  const { min, max } = IPSEC_LIMITS.dpdTimeoutSeconds;
  if (encryption.dpdTimeoutSeconds < min || encryption.dpdTimeoutSeconds > max) {
    report(
      `${PATH}.dpdTimeoutSeconds`,
      'encryption.dpd-timeout',
      `${encryption.dpdTimeoutSeconds} is out of range: Azure takes ${min}-${max} seconds (${ENCRYPTION_SOURCES.ipsecIkePolicy})`,
    );
  }
  checkOnPremises(encryption, vnetSpace, report);
}

function checkIpsecPolicy(policy: IpsecPolicy, path: string, report: Report): void {
  const page = ENCRYPTION_SOURCES.ipsecIkePolicy;
  for (const field of Object.keys(IPSEC_POLICY_ALLOWED) as (keyof typeof IPSEC_POLICY_ALLOWED)[]) {
    const allowed: readonly string[] = IPSEC_POLICY_ALLOWED[field];
    if (!allowed.includes(policy[field])) {
      report(
        `${path}.${field}`,
        POLICY_RULE_IDS[field],
        `${quoteValue(policy[field])} is not one of Azure's ${field} values: ${allowed.join(', ')} (${page})`,
      );
    }
  }
  const gcm = /^GCMAES/;
  if (
    (gcm.test(policy.ipsecEncryption) || gcm.test(policy.ipsecIntegrity)) &&
    policy.ipsecEncryption !== policy.ipsecIntegrity
  ) {
    report(
      `${path}.ipsecIntegrity`,
      'encryption.ipsec-policy.gcm-pair',
      `with GCMAES, IPsec encryption and integrity must be the same algorithm and key length (here ` +
        `${quoteValue(policy.ipsecEncryption)} and ${quoteValue(policy.ipsecIntegrity)}) (${page})`,
    );
  }
  if (policy.saLifeTimeSeconds < IPSEC_LIMITS.saLifeTimeSecondsMin) {
    report(
      `${path}.saLifeTimeSeconds`,
      'encryption.ipsec-policy.sa-lifetime-seconds',
      `${policy.saLifeTimeSeconds} is too short: the Quick Mode SA lifetime is at least ` +
        `${IPSEC_LIMITS.saLifeTimeSecondsMin} seconds (${page})`,
    );
  }
  if (policy.saDataSizeKilobytes < IPSEC_LIMITS.saDataSizeKilobytesMin) {
    report(
      `${path}.saDataSizeKilobytes`,
      'encryption.ipsec-policy.sa-lifetime-kilobytes',
      `${policy.saDataSizeKilobytes} is too small: the Quick Mode SA lifetime is at least ` +
        `${IPSEC_LIMITS.saDataSizeKilobytesMin} KB (${page})`,
    );
  }
}

/**
 * The on-premises side: a device reachable over private peering and outside the tunnel, and encrypted prefixes that
 * take the tunnel. Azure picks the longest prefix match; with the same prefix on both paths it prefers ExpressRoute
 * (coexistence page), so an encrypted prefix must be more specific than, or disjoint from, every prefix advertised
 * over private peering (VPN over private peering page: "If you advertise the same prefixes over both ExpressRoute and
 * VPN connections, Azure will use the ExpressRoute path directly without VPN protection").
 */
function checkOnPremises(encryption: IpsecOverPrivatePeering, vnetSpace: readonly Cidr[], report: Report): void {
  const path = `${PATH}.onPremises`;
  const { coexistence, vpnOverPrivatePeering } = ENCRYPTION_SOURCES;
  const onPremises = encryption.onPremises;
  const peeringPrefixes = onPremises.privatePeeringPrefixes.map((text, index) =>
    parseCidrField(text, `${path}.privatePeeringPrefixes[${index}]`, '10.100.0.0/16', report),
  );
  const encrypted = onPremises.encryptedPrefixes.map((text, index) =>
    parseCidrField(text, `${path}.encryptedPrefixes[${index}]`, '10.100.10.0/24', report),
  );

  const device = parseIpField(onPremises.deviceAddress, `${path}.deviceAddress`, report);
  if (device !== undefined) {
    if (!peeringPrefixes.some((prefix) => prefix !== undefined && holds(prefix, device))) {
      report(
        `${path}.deviceAddress`,
        'encryption.device-reachable',
        `${onPremises.deviceAddress} is not inside privatePeeringPrefixes: the tunnel's on-premises end must be ` +
          `reachable over ExpressRoute private peering (${vpnOverPrivatePeering})`,
      );
    }
    const inside = encrypted.find((prefix) => prefix !== undefined && holds(prefix, device));
    if (inside !== undefined) {
      report(
        `${path}.deviceAddress`,
        'encryption.device-outside-tunnel',
        `${onPremises.deviceAddress} is inside the encrypted prefix ${formatCidr(inside)}: the tunnel's own packets ` +
          'would be routed into the tunnel; keep the device address outside encryptedPrefixes',
      );
    }
  }

  encrypted.forEach((prefix, index) => {
    if (prefix === undefined) return;
    const prefixPath = `${path}.encryptedPrefixes[${index}]`;
    for (const peering of peeringPrefixes) {
      if (peering === undefined || !overlaps(prefix, peering)) continue;
      if (prefix.prefixLength <= peering.prefixLength) {
        const same = prefix.prefixLength === peering.prefixLength;
        report(
          prefixPath,
          'encryption.tunnel-more-specific',
          `${formatCidr(prefix)} ${same ? 'is also' : 'contains'} ${formatCidr(peering)}, advertised over private ` +
            `peering: Azure takes the longest prefix match and prefers ExpressRoute for the same prefix, so that ` +
            `traffic would leave unencrypted; advertise a shorter prefix over private peering or a disjoint one ` +
            `(${vpnOverPrivatePeering}; ${coexistence})`,
        );
      }
    }
    const vnetClash = vnetSpace.find((space) => overlaps(space, prefix));
    if (vnetClash !== undefined) {
      report(
        prefixPath,
        'encryption.prefix-overlap',
        `${formatCidr(prefix)} overlaps the VNet's address space ${formatCidr(vnetClash)}`,
      );
    }
    const earlier = encrypted.slice(0, index).find((other) => other !== undefined && overlaps(other, prefix));
    if (earlier !== undefined) {
      report(
        prefixPath,
        'encryption.prefix-overlap',
        `${formatCidr(prefix)} overlaps ${formatCidr(earlier)}, listed before`,
      );
    }
  });

  const bgp = onPremises.bgp;
  if (bgp !== undefined) {
    const reserved = bgp.asn >= MICROSOFT_RESERVED_ASNS.first && bgp.asn <= MICROSOFT_RESERVED_ASNS.last;
    if (bgp.asn < 1 || bgp.asn > 4_294_967_295 || reserved || bgp.asn === MICROSOFT_ASN) {
      report(
        `${path}.bgp.asn`,
        'encryption.bgp-asn',
        `${bgp.asn} cannot be the on-premises ASN over the tunnel: Azure reserves ${MICROSOFT_RESERVED_ASNS.first}-` +
          `${MICROSOFT_RESERVED_ASNS.last} and ${MICROSOFT_ASN} (${coexistence})`,
      );
    }
    const peer = parseIpField(bgp.peeringAddress, `${path}.bgp.peeringAddress`, report);
    if (peer !== undefined && vnetSpace.some((space) => holds(space, peer))) {
      report(
        `${path}.bgp.peeringAddress`,
        'encryption.prefix-overlap',
        `${bgp.peeringAddress} is inside the VNet's address space; the device's BGP address is on premises`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Firewall appliances

function checkFirewallAppliances(
  spec: CustomerSpec,
  encryption: FirewallAppliances,
  link: VnetLink | undefined,
  report: Report,
): void {
  const { userDefinedRoutes } = ENCRYPTION_SOURCES;
  const vnetSpace = cidrsOf(link?.addressSpace ?? []);
  const azure = parseIpField(encryption.appliances.azure.address, `${PATH}.appliances.azure.address`, report);
  if (azure !== undefined && link !== undefined && !vnetSpace.some((space) => holds(space, azure))) {
    report(
      `${PATH}.appliances.azure.address`,
      'encryption.appliance-in-vnet',
      `${encryption.appliances.azure.address} is not inside the VNet's addressSpace (${link.addressSpace.join(', ')}): ` +
        `a VirtualAppliance next hop is a private address in the VNet (${userDefinedRoutes})`,
    );
  }
  const onPremises = parseIpField(
    encryption.appliances.onPremises.address,
    `${PATH}.appliances.onPremises.address`,
    report,
  );
  if (onPremises !== undefined && vnetSpace.some((space) => holds(space, onPremises))) {
    report(
      `${PATH}.appliances.onPremises.address`,
      'encryption.appliance-on-premises',
      `${encryption.appliances.onPremises.address} is inside the VNet's address space; the on-premises appliance ` +
        'sits on premises, across the circuit',
    );
  }

  encryption.subnets.forEach((subnet, index) => {
    const path = `${PATH}.subnets[${index}]`;
    if (isGatewaySubnet(subnet)) {
      report(
        path,
        'encryption.no-gateway-subnet',
        'GatewaySubnet cannot send on-premises prefixes to an appliance: the gateway delivers them itself ' +
          `(${userDefinedRoutes})`,
      );
      return;
    }
    const taken = spec.routeTables.find(
      (table) =>
        sameArmId(table.vnetId, encryption.vnetId) &&
        table.subnets.some((other) => other.toLowerCase() === subnet.toLowerCase()),
    );
    if (taken !== undefined) {
      report(
        path,
        'encryption.subnet-has-route-table',
        `${quoteValue(subnet)} already gets route table "${taken.role}"; a subnet has one route table, so add the ` +
          'appliance routes there or leave the subnet out',
      );
    }
  });
  const clash = spec.routeTables.findIndex((table) => table.role === ENCRYPTION_ROUTE_TABLE_ROLE);
  if (clash >= 0) {
    report(
      `routeTables[${clash}].role`,
      'encryption.route-table-role',
      `"${ENCRYPTION_ROUTE_TABLE_ROLE}" is the role of the route table the firewall-appliances encryption creates`,
    );
  }

  const prefixes = encryption.onPremisesPrefixes.map((text, index) =>
    parseCidrField(text, `${PATH}.onPremisesPrefixes[${index}]`, '10.100.0.0/16', report),
  );
  prefixes.forEach((prefix, index) => {
    const vnetClash = prefix === undefined ? undefined : vnetSpace.find((space) => overlaps(space, prefix));
    if (prefix !== undefined && vnetClash !== undefined) {
      report(
        `${PATH}.onPremisesPrefixes[${index}]`,
        'encryption.prefix-overlap',
        `${formatCidr(prefix)} overlaps the VNet's address space ${formatCidr(vnetClash)}`,
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------

function cidrsOf(texts: readonly string[]): Cidr[] {
  return texts.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.cidr] : [];
  });
}

function parseIpField(text: string, path: string, report: Report): IpAddress | undefined {
  const address = parseIpAddress(text);
  if (address === undefined) report(path, 'ip.invalid', `${quoteValue(text)} is not an IP address such as 10.100.0.4`);
  return address;
}

function holds(block: Cidr, address: IpAddress): boolean {
  return block.network.kind() === address.kind() && address.match(block.network, block.prefixLength);
}

/** True when `outer` contains all of `inner`. */
function contains(outer: Cidr, inner: Cidr): boolean {
  return overlaps(outer, inner) && outer.prefixLength <= inner.prefixLength;
}
