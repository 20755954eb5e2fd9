/**
 * Encryption over ExpressRoute for the test specs (docs/encryption.md): IPsec over private peering on the spec's first
 * VNet link, its shared key by reference, and the key's value as the stand-in configuration resolves it
 * (`ERCSP_SECRET__<vault>__<secret>`), so that secret scans can look for it.
 */
import { EnvironmentSecretResolver } from '../../shared/adapters/secrets/environmentSecretResolver';
import { parseArmId } from '../../shared/domain/armIds';
import type { CustomerSpec, IpsecOverPrivatePeering } from '../../shared/domain/spec';

export const IPSEC_KEY_VALUE = 'ipsec-psk-Rk5tW9-secret-value';

/**
 * The spec with IPsec over private peering on its first VNet (whose first address space must be a /16: the GatewaySubnet
 * is its `.255.0/27`, as the seeded networks have it); on-premises is 172.16.0.0/12, of which 172.31.250.0/24 is
 * encrypted. Sets the key's variable for the customer's reference.
 */
export function withIpsecEncryption(spec: CustomerSpec): CustomerSpec {
  const [link] = spec.vnetLinks;
  if (link === undefined) throw new Error('the spec links no VNet');
  const base = (link.addressSpace[0] ?? '10.0.0.0/16').split('.').slice(0, 2).join('.');
  const { subscriptionId, resourceGroup } = parseArmId(link.vnetId);
  const encryption: IpsecOverPrivatePeering = {
    mode: 'ipsec-over-private-peering',
    vnetId: link.vnetId,
    gatewaySubnetPrefix: `${base}.255.0/27`,
    vpnGateway: {
      sku: 'VpnGw1AZ',
      vpnType: 'RouteBased',
      asn: 65515,
      publicIpAddressId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/publicIPAddresses/pip-vpngw-${spec.customer.id}`,
    },
    onPremises: {
      deviceAddress: '172.16.0.10',
      privatePeeringPrefixes: ['172.16.0.0/12'],
      encryptedPrefixes: ['172.31.250.0/24'],
    },
    ipsecPolicy: {
      ikeEncryption: 'AES256',
      ikeIntegrity: 'SHA256',
      dhGroup: 'DHGroup14',
      ipsecEncryption: 'GCMAES256',
      ipsecIntegrity: 'GCMAES256',
      pfsGroup: 'PFS2048',
      saLifeTimeSeconds: 27000,
      saDataSizeKilobytes: 102400000,
    },
    dpdTimeoutSeconds: 45,
    sharedKey: { vault: 'kv-ercsp-prod', secret: `${spec.customer.id}-ipsec-psk` },
  };
  process.env[EnvironmentSecretResolver.variableFor(encryption.sharedKey)] = IPSEC_KEY_VALUE;
  return { ...spec, encryption };
}
