/**
 * Compliance findings of encryption (shared/domain/findingsDiff.ts): a missing IPsec tunnel, one not Connected, and
 * a route through the encrypting appliance gone from its table; nothing when all is as built.
 */
import { customerFindings, type ObservedResource } from '../../../shared/domain/findingsDiff';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { assertValid, validateCustomerSpec } from '../../../shared/domain/validation';
import { CSP_CONTEXT, HUB_VNET_ID, validConnectThroughSpec } from '../../support/specs';

const HUB_SUBSCRIPTION = HUB_VNET_ID.split('/')[2] ?? '';

function encryptionResources(encryption: Record<string, unknown>): ResourceIntent[] {
  const spec = assertValid(validateCustomerSpec({ ...validConnectThroughSpec(), encryption }, CSP_CONTEXT));
  return deriveTopology(spec, { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' }).resources.filter(
    (intent) =>
      intent.kind === 'vpnConnection' || (intent.kind === 'routeTable' && intent.name === 'rt-contoso-encryption'),
  );
}

/** The row Resource Graph would give for an intent as built (tags as written). */
function rowOf(intent: ResourceIntent, properties: Record<string, unknown>): ObservedResource {
  const parts = intent.id.split('/');
  return {
    id: intent.id,
    type: intent.kind === 'routeTable' ? 'microsoft.network/routetables' : 'microsoft.network/connections',
    name: intent.name,
    subscriptionId: parts[2] ?? '',
    resourceGroup: parts[4] ?? '',
    location: 'westeurope',
    tags: 'tags' in intent ? { ...intent.tags } : {},
    customerId: 'contoso',
    properties,
  };
}

function findingCodes(desired: readonly ResourceIntent[], observed: readonly ObservedResource[]): string[] {
  return customerFindings({
    customerId: 'contoso',
    desired,
    observed,
    firstSeen: () => undefined,
    now: Date.UTC(2026, 2, 2),
    thresholds: { authorizationUnusedDays: 30, notProvisionedDays: 7 },
  }).findings.map((finding) => finding.code);
}

const IPSEC = {
  mode: 'ipsec-over-private-peering',
  vnetId: HUB_VNET_ID,
  gatewaySubnetPrefix: '10.10.255.0/27',
  vpnGateway: {
    sku: 'VpnGw1AZ',
    publicIpAddressId: `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/publicIPAddresses/pip-vpngw`,
  },
  onPremises: {
    deviceAddress: '172.16.0.10',
    privatePeeringPrefixes: ['172.16.0.0/12'],
    encryptedPrefixes: ['172.20.10.0/24'],
  },
  ipsecPolicy: {
    ikeEncryption: 'AES256',
    ikeIntegrity: 'SHA256',
    dhGroup: 'DHGroup14',
    ipsecEncryption: 'AES256',
    ipsecIntegrity: 'SHA256',
    pfsGroup: 'PFS2048',
    saLifeTimeSeconds: 27000,
    saDataSizeKilobytes: 102400000,
  },
  sharedKey: { vault: 'kv-contoso-net', secret: 'contoso-ipsec-psk' },
};

describe('encryption findings', () => {
  const [tunnel] = encryptionResources(IPSEC);
  if (tunnel === undefined) throw new Error('no tunnel');

  it('says nothing of a Connected tunnel, and reports one not Connected or missing', () => {
    expect(findingCodes([tunnel], [rowOf(tunnel, { connectionStatus: 'Connected' })])).toEqual([]);
    expect(findingCodes([tunnel], [rowOf(tunnel, { connectionStatus: 'NotConnected' })])).toEqual([
      'EncryptionTunnelNotConnected',
    ]);
    expect(findingCodes([tunnel], [])).toEqual(['EncryptionTunnelMissing']);
  });

  it('reports a route through the encrypting appliance gone from its table', () => {
    const [table] = encryptionResources({
      mode: 'firewall-appliances',
      vnetId: HUB_VNET_ID,
      subnets: ['snet-encrypted'],
      onPremisesPrefixes: ['172.20.0.0/16'],
      appliances: { azure: { name: 'fw', address: '10.10.4.4' }, onPremises: { name: 'fw-dc', address: '172.16.0.4' } },
    });
    if (table?.kind !== 'routeTable') throw new Error('no encryption route table');
    const route = {
      name: 'encrypted-1',
      properties: { addressPrefix: '172.20.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.4.4' },
    };
    expect(findingCodes([table], [rowOf(table, { routes: [route] })])).toEqual([]);
    expect(findingCodes([table], [rowOf(table, { routes: [] })])).toEqual(['EncryptionApplianceRouteMissing']);
  });
});
