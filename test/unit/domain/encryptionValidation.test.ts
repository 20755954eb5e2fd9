/**
 * The rules of `encryption` (validateEncryption.ts): a valid spec of each mode passes; each rule refuses its case at
 * its field path, with its rule id and the Azure page it comes from.
 */
import { validateCustomerSpec } from '../../../shared/domain/validation';
import { ENCRYPTION_SOURCES } from '../../../shared/domain/validateEncryption';
import type { ValidationIssue } from '../../../shared/errors';
import { CSP_CONTEXT, HUB_VNET_ID, validConnectThroughSpec } from '../../support/specs';

const HUB_SUBSCRIPTION = HUB_VNET_ID.split('/')[2] ?? '';

/** IPsec over private peering on Contoso's hub VNet (10.10.0.0/16); on-premises 172.16.0.0/12 over the circuits. */
function ipsec(): Record<string, unknown> {
  return {
    mode: 'ipsec-over-private-peering',
    vnetId: HUB_VNET_ID,
    gatewaySubnetPrefix: '10.10.255.0/27',
    vpnGateway: {
      sku: 'VpnGw2AZ',
      publicIpAddressId: `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/publicIPAddresses/pip-vpngw`,
    },
    onPremises: {
      deviceAddress: '172.16.0.10',
      privatePeeringPrefixes: ['172.16.0.0/12'],
      encryptedPrefixes: ['172.20.10.0/24'],
    },
    ipsecPolicy: {
      ikeEncryption: 'AES256',
      ikeIntegrity: 'SHA384',
      dhGroup: 'DHGroup24',
      ipsecEncryption: 'GCMAES256',
      ipsecIntegrity: 'GCMAES256',
      pfsGroup: 'PFS2048',
      saLifeTimeSeconds: 27000,
      saDataSizeKilobytes: 102400000,
    },
    sharedKey: { vault: 'kv-contoso-net', secret: 'contoso-ipsec-psk' },
  };
}

function firewall(): Record<string, unknown> {
  return {
    mode: 'firewall-appliances',
    vnetId: HUB_VNET_ID,
    subnets: ['snet-encrypted'],
    onPremisesPrefixes: ['172.20.0.0/16'],
    appliances: {
      azure: { name: 'fw-azure', address: '10.10.4.4' },
      onPremises: { name: 'fw-dc1', address: '172.16.0.4' },
    },
  };
}

type Edit = (encryption: Record<string, unknown>) => void;

function issuesWith(base: () => Record<string, unknown>, edit: Edit = () => undefined): ValidationIssue[] {
  const encryption = base();
  edit(encryption);
  const result = validateCustomerSpec({ ...validConnectThroughSpec(), encryption }, CSP_CONTEXT);
  return result.ok ? [] : result.issues;
}

const at = (object: Record<string, unknown>, key: string) => object[key] as Record<string, unknown>;

describe('encryption validation', () => {
  it('accepts IPsec over private peering and firewall appliances as written', () => {
    expect(issuesWith(ipsec)).toEqual([]);
    expect(issuesWith(firewall)).toEqual([]);
  });

  // [name, spec, edit, path, rule, page (undefined when the rule is not from a page)]
  const cases: [string, () => Record<string, unknown>, Edit, string, string, string | undefined][] = [
    [
      'a VNet that is not linked',
      ipsec,
      (e) => (e.vnetId = HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'vnet-elsewhere')),
      'encryption.vnetId',
      'encryption.vnet-linked',
      undefined,
    ],
    [
      'a GatewaySubnet of /28 for two gateways',
      ipsec,
      (e) => (e.gatewaySubnetPrefix = '10.10.255.0/28'),
      'encryption.gatewaySubnetPrefix',
      'encryption.gateway-subnet-size',
      ENCRYPTION_SOURCES.coexistence,
    ],
    [
      'a GatewaySubnet outside the VNet',
      ipsec,
      (e) => (e.gatewaySubnetPrefix = '10.99.255.0/27'),
      'encryption.gatewaySubnetPrefix',
      'encryption.gateway-subnet-in-vnet',
      undefined,
    ],
    [
      'a Basic VPN gateway',
      ipsec,
      (e) => (at(e, 'vpnGateway').sku = 'Basic'),
      'encryption.vpnGateway.sku',
      'encryption.vpn-sku',
      ENCRYPTION_SOURCES.vpnOverPrivatePeering,
    ],
    [
      'a policy-based VPN gateway',
      ipsec,
      (e) => (at(e, 'vpnGateway').vpnType = 'PolicyBased'),
      'encryption.vpnGateway.vpnType',
      'encryption.route-based',
      ENCRYPTION_SOURCES.coexistence,
    ],
    [
      'a VPN gateway ASN other than 65515',
      ipsec,
      (e) => (at(e, 'vpnGateway').asn = 65010),
      'encryption.vpnGateway.asn',
      'encryption.vpn-asn',
      ENCRYPTION_SOURCES.coexistence,
    ],
    [
      'an IKE encryption Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').ikeEncryption = 'DES'),
      'encryption.ipsecPolicy.ikeEncryption',
      'encryption.ipsec-policy.ike-encryption',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'an IKE integrity Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').ikeIntegrity = 'SHA512'),
      'encryption.ipsecPolicy.ikeIntegrity',
      'encryption.ipsec-policy.ike-integrity',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'a DH group Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').dhGroup = 'DHGroup5'),
      'encryption.ipsecPolicy.dhGroup',
      'encryption.ipsec-policy.dh-group',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'an IPsec encryption Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').ipsecEncryption = 'CHACHA20'),
      'encryption.ipsecPolicy.ipsecEncryption',
      'encryption.ipsec-policy.ipsec-encryption',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'an IPsec integrity Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').ipsecIntegrity = 'SHA384'),
      'encryption.ipsecPolicy.ipsecIntegrity',
      'encryption.ipsec-policy.ipsec-integrity',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'a PFS group Azure does not offer',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').pfsGroup = 'PFS5'),
      'encryption.ipsecPolicy.pfsGroup',
      'encryption.ipsec-policy.pfs-group',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'GCMAES encryption with another integrity',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').ipsecIntegrity = 'SHA256'),
      'encryption.ipsecPolicy.ipsecIntegrity',
      'encryption.ipsec-policy.gcm-pair',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'an SA lifetime under 300 seconds',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').saLifeTimeSeconds = 120),
      'encryption.ipsecPolicy.saLifeTimeSeconds',
      'encryption.ipsec-policy.sa-lifetime-seconds',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'an SA lifetime under 1024 KB',
      ipsec,
      (e) => (at(e, 'ipsecPolicy').saDataSizeKilobytes = 512),
      'encryption.ipsecPolicy.saDataSizeKilobytes',
      'encryption.ipsec-policy.sa-lifetime-kilobytes',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'a DPD timeout over 3600 seconds',
      ipsec,
      (e) => (e.dpdTimeoutSeconds = 7200),
      'encryption.dpdTimeoutSeconds',
      'encryption.dpd-timeout',
      ENCRYPTION_SOURCES.ipsecIkePolicy,
    ],
    [
      'a device outside what private peering carries',
      ipsec,
      (e) => (at(e, 'onPremises').deviceAddress = '192.168.1.1'),
      'encryption.onPremises.deviceAddress',
      'encryption.device-reachable',
      ENCRYPTION_SOURCES.vpnOverPrivatePeering,
    ],
    [
      'a device inside an encrypted prefix',
      ipsec,
      (e) => (at(e, 'onPremises').deviceAddress = '172.20.10.1'),
      'encryption.onPremises.deviceAddress',
      'encryption.device-outside-tunnel',
      undefined,
    ],
    [
      'an encrypted prefix also advertised over private peering (ExpressRoute would win)',
      ipsec,
      (e) => (at(e, 'onPremises').encryptedPrefixes = ['172.16.0.0/12']),
      'encryption.onPremises.encryptedPrefixes[0]',
      'encryption.tunnel-more-specific',
      ENCRYPTION_SOURCES.vpnOverPrivatePeering,
    ],
    [
      'an encrypted prefix overlapping the VNet',
      ipsec,
      (e) => (at(e, 'onPremises').encryptedPrefixes = ['10.10.8.0/24']),
      'encryption.onPremises.encryptedPrefixes[0]',
      'encryption.prefix-overlap',
      undefined,
    ],
    [
      'a reserved on-premises ASN over the tunnel',
      ipsec,
      (e) => (at(e, 'onPremises').bgp = { asn: 65515, peeringAddress: '172.16.0.11' }),
      'encryption.onPremises.bgp.asn',
      'encryption.bgp-asn',
      ENCRYPTION_SOURCES.coexistence,
    ],
    [
      'an appliance outside the VNet',
      firewall,
      (e) => (at(at(e, 'appliances'), 'azure').address = '10.99.0.4'),
      'encryption.appliances.azure.address',
      'encryption.appliance-in-vnet',
      ENCRYPTION_SOURCES.userDefinedRoutes,
    ],
    [
      'an on-premises appliance inside the VNet',
      firewall,
      (e) => (at(at(e, 'appliances'), 'onPremises').address = '10.10.9.9'),
      'encryption.appliances.onPremises.address',
      'encryption.appliance-on-premises',
      undefined,
    ],
    [
      'appliance routes on GatewaySubnet',
      firewall,
      (e) => (e.subnets = ['GatewaySubnet']),
      'encryption.subnets[0]',
      'encryption.no-gateway-subnet',
      ENCRYPTION_SOURCES.userDefinedRoutes,
    ],
    [
      'a subnet that already has a route table',
      firewall,
      (e) => (e.subnets = ['snet-management']),
      'encryption.subnets[0]',
      'encryption.subnet-has-route-table',
      undefined,
    ],
    [
      'on-premises prefixes overlapping the VNet',
      firewall,
      (e) => (e.onPremisesPrefixes = ['10.10.0.0/20']),
      'encryption.onPremisesPrefixes[0]',
      'encryption.prefix-overlap',
      undefined,
    ],
  ];

  it.each(cases)('refuses %s', (_name, base, edit, path, rule, page) => {
    const issues = issuesWith(base, edit);
    const issue = issues.find((candidate) => candidate.rule === rule);
    expect(issue).toMatchObject({ path, rule });
    if (page !== undefined) expect(issue?.message).toContain(page);
  });

  it('refuses a spec route table with the encryption route table role', () => {
    const encryption = firewall();
    const spec = validConnectThroughSpec();
    const routeTables = spec.routeTables.map((table, index) =>
      index === 0 ? { ...table, role: 'encryption' } : table,
    );
    const result = validateCustomerSpec({ ...spec, routeTables, encryption }, CSP_CONTEXT);
    expect(result.ok ? [] : result.issues).toContainEqual(
      expect.objectContaining({ path: 'routeTables[0].role', rule: 'encryption.route-table-role' }),
    );
  });

  it('refuses the shared key given as a value, without repeating it', () => {
    const encryption = { ...ipsec(), sharedKey: 'Abc123-not-a-reference' };
    const result = validateCustomerSpec({ ...validConnectThroughSpec(), encryption }, CSP_CONTEXT);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => issue.path)).toContain('encryption.sharedKey');
    expect(JSON.stringify(issues)).not.toContain('Abc123-not-a-reference');
  });

  it('accepts BGP over the tunnel, and disjoint encrypted prefixes beside the private-peering ones', () => {
    expect(issuesWith(ipsec, (e) => (at(e, 'onPremises').bgp = { asn: 65020, peeringAddress: '172.16.0.11' }))).toEqual(
      [],
    );
    expect(
      issuesWith(ipsec, (e) => {
        at(e, 'onPremises').privatePeeringPrefixes = ['172.16.0.0/16'];
        at(e, 'onPremises').encryptedPrefixes = ['172.20.0.0/16'];
      }),
    ).toEqual([]);
  });
});
