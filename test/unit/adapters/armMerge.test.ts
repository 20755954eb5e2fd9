/** GET → change only the owned fields → PUT: what the merge keeps, and what the drift check notices. */
import { circuitBody, circuitDrift, mergeCircuit } from '../../../shared/adapters/arm/mapping/circuitMapping';
import {
  connectionBody,
  connectionDrift,
  mergeConnection,
} from '../../../shared/adapters/arm/mapping/connectionMapping';
import { gatewayBody, gatewayDrift, gatewayToIntent } from '../../../shared/adapters/arm/mapping/gatewayMapping';
import { nsgBody, nsgDrift } from '../../../shared/adapters/arm/mapping/nsgMapping';
import { mergePeering, peeringBody, peeringDrift } from '../../../shared/adapters/arm/mapping/peeringMapping';
import {
  mergeRouteTable,
  routeTableBody,
  routeTableDrift,
} from '../../../shared/adapters/arm/mapping/routeTableMapping';
import {
  mergeSubnetAssociation,
  subnetAssociationDrift,
} from '../../../shared/adapters/arm/mapping/subnetAssociationMapping';
import type { ArmBodyByKind } from '../../../shared/adapters/arm/mapping/intentMapping';
import { mergeTags, ownedTags, ownedTagsDiffer } from '../../../shared/adapters/arm/ownership';
import type {
  CircuitIntent,
  ConnectionIntent,
  GatewayIntent,
  NsgIntent,
  PeeringIntent,
  ResourceIntent,
  RouteTableIntent,
  SubnetAssociationIntent,
} from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { validConnectThroughSpec } from '../../support/specs';

type ExpressRouteCircuit = ArmBodyByKind['circuit'];
type ExpressRouteCircuitPeering = ArmBodyByKind['peering'];
type NetworkSecurityGroup = ArmBodyByKind['nsg'];
type RouteTable = ArmBodyByKind['routeTable'];
type Subnet = ArmBodyByKind['subnetAssociation'];
type VirtualNetworkGateway = ArmBodyByKind['gateway'];
type VirtualNetworkGatewayConnection = ArmBodyByKind['connection'];

const topology = deriveTopology(validConnectThroughSpec({ microsoftPeering: true }), {
  cspTenantId: '0f0e0d0c-0b0a-4909-8807-060504030201',
});

function first<K extends ResourceIntent['kind']>(kind: K, where: (intent: ResourceIntent) => boolean = () => true) {
  const found = topology.resources.find((intent) => intent.kind === kind && where(intent));
  if (found === undefined) throw new Error(`no ${kind} in the test topology`);
  return found as Extract<ResourceIntent, { kind: K }>;
}

describe('tags', () => {
  it('compares and replaces only the automation’s own keys; others stay', () => {
    const tags = { 'managed-by': 'expressroute-csp', 'csp-customer': 'contoso', 'er-leg': 'b', owner: 'netops' };
    const desired = { 'managed-by': 'expressroute-csp', 'csp-customer': 'contoso' };
    expect(ownedTags(tags)).toEqual({ 'managed-by': 'expressroute-csp', 'csp-customer': 'contoso', 'er-leg': 'b' });
    expect(ownedTagsDiffer(tags, desired)).toBe(true);
    expect(mergeTags(tags, desired)).toEqual({ owner: 'netops', ...desired });
    expect(ownedTagsDiffer({ ...desired, owner: 'x' }, desired)).toBe(false);
  });
});

describe('circuit', () => {
  const intent: CircuitIntent = first('circuit');
  const current: ExpressRouteCircuit = {
    ...circuitBody(intent),
    id: intent.id,
    name: intent.name,
    tags: { ...intent.tags, owner: 'netops' },
    serviceKey: 'b0b1b2b3-0000-4000-8000-000000000001',
    provisioningState: 'Succeeded',
    peerings: [{ name: 'AzurePrivatePeering', peeringType: 'AzurePrivatePeering', vlanId: 100, sharedKey: 'k' }],
    authorizations: [{ name: 'auth-1', authorizationKey: 'secret' }],
  };

  it('sees no drift in what it would write itself', () => {
    expect(circuitDrift(intent, current)).toEqual([]);
  });

  it('changes only the bandwidth and keeps peerings, authorizations and foreign tags as read', () => {
    const upgraded = { ...intent, bandwidthMbps: 2000 };
    expect(circuitDrift(upgraded, current)).toEqual(['serviceProviderProperties.bandwidthInMbps']);
    const merged = mergeCircuit(current, upgraded);
    expect(merged.serviceProviderProperties?.bandwidthInMbps).toBe(2000);
    expect(merged.peerings).toBe(current.peerings);
    expect(merged.authorizations).toBe(current.authorizations);
    expect(merged.tags?.owner).toBe('netops');
    expect(merged.serviceKey).toBe(current.serviceKey);
  });

  it('notices a SKU change', () => {
    expect(circuitDrift({ ...intent, sku: { tier: 'Premium', family: 'MeteredData' } }, current)).toEqual([
      'sku.tier',
      'sku.name',
    ]);
  });
});

describe('peering', () => {
  const intent: PeeringIntent = first('peering', (i) => i.kind === 'peering' && i.microsoft !== undefined);

  it('treats customerASN 0 as unset, prefixes as a set and the route filter id case-insensitively', () => {
    const body = peeringBody(intent);
    const current: ExpressRouteCircuitPeering = {
      ...body,
      routeFilter: { id: intent.microsoft?.routeFilterId.toUpperCase() ?? '' },
      microsoftPeeringConfig: {
        ...body.microsoftPeeringConfig,
        customerASN: 0,
        advertisedPublicPrefixesState: 'Configured',
      },
    };
    expect(peeringDrift(intent, current)).toEqual([]);
    expect(peeringDrift({ ...intent, vlanId: 300 }, current)).toEqual(['vlanId']);
  });

  it('keeps what it does not own (admin state, IPv6, a shared key it was not given) on merge', () => {
    const current: ExpressRouteCircuitPeering = {
      ...peeringBody(intent),
      state: 'Disabled',
      sharedKey: 'existing-md5',
      ipv6PeeringConfig: { primaryPeerAddressPrefix: '2001:db8::/126' },
    };
    const merged = mergePeering(current, { ...intent, peerAsn: 64501 });
    expect(merged).toMatchObject({ state: 'Disabled', sharedKey: 'existing-md5', peerASN: 64501 });
    expect(merged.ipv6PeeringConfig).toEqual(current.ipv6PeeringConfig);
    expect(mergePeering(current, intent, 'new-md5').sharedKey).toBe('new-md5');
  });
});

describe('route table and NSG (wholly owned)', () => {
  const table: RouteTableIntent = first('routeTable', (i) => i.kind === 'routeTable' && i.routes.length > 1);
  const nsg: NsgIntent = first('nsg', (i) => i.kind === 'nsg' && i.rules.length > 1);

  it('compares routes and rules by name, whatever their order', () => {
    const routes = [...(routeTableBody(table).routes ?? [])].reverse();
    const current: RouteTable = { ...routeTableBody(table), routes, subnets: [{ id: 'x' }] };
    expect(routeTableDrift(table, current)).toEqual([]);
    const rules = [...(nsgBody(nsg).securityRules ?? [])].reverse();
    expect(
      nsgDrift(nsg, { ...nsgBody(nsg), securityRules: rules, defaultSecurityRules: [{ name: 'DenyAll' }] }),
    ).toEqual([]);
  });

  it('removes a route it does not want and notices a changed rule', () => {
    const current: RouteTable = {
      ...routeTableBody(table),
      routes: [
        ...(routeTableBody(table).routes ?? []),
        { name: 'added-by-hand', addressPrefix: '1.2.3.0/24', nextHopType: 'None' },
      ],
    };
    expect(routeTableDrift(table, current)).toEqual(['routes']);
    expect(mergeRouteTable(current, table).routes?.map((route) => route.name)).toEqual(
      table.routes.map((route) => route.name),
    );
    const changed: NetworkSecurityGroup = {
      ...nsgBody(nsg),
      securityRules: (nsgBody(nsg).securityRules ?? []).map((rule, index) =>
        index === 0 ? { ...rule, priority: 4090 } : rule,
      ),
    };
    expect(nsgDrift(nsg, changed)).toEqual(['securityRules']);
  });
});

describe('subnet association (the subnet is the customer’s)', () => {
  const intent: SubnetAssociationIntent = first(
    'subnetAssociation',
    (i) => i.kind === 'subnetAssociation' && i.nsgId !== undefined && i.routeTableId !== undefined,
  );
  const current: Subnet = {
    id: intent.id,
    name: intent.name,
    addressPrefix: '10.10.1.0/24',
    addressPrefixes: ['10.10.1.0/24'],
    delegations: [{ name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' }],
    serviceEndpoints: [{ service: 'Microsoft.Storage' }],
    privateEndpointNetworkPolicies: 'Disabled',
    natGateway: { id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/natGateways/ng' },
  };

  it('sets only the references and carries everything else back', () => {
    expect(subnetAssociationDrift(intent, current)).toEqual(['routeTable', 'networkSecurityGroup']);
    const merged = mergeSubnetAssociation(current, intent);
    expect(merged).toEqual({
      ...current,
      routeTable: { id: intent.routeTableId },
      networkSecurityGroup: { id: intent.nsgId },
    });
    expect(subnetAssociationDrift(intent, merged)).toEqual([]);
  });

  it('leaves a reference the intent does not name alone', () => {
    const onlyTable: SubnetAssociationIntent = { ...intent, nsgId: undefined };
    const withCustomerNsg = {
      ...current,
      networkSecurityGroup: { id: 'customer-nsg' },
      routeTable: { id: intent.routeTableId ?? '' },
    };
    expect(subnetAssociationDrift(onlyTable, withCustomerNsg)).toEqual([]);
  });
});

describe('gateway', () => {
  const intent: GatewayIntent = first('gateway', (i) => i.kind === 'gateway' && !i.existing);

  it('reads an untagged gateway back as the customer’s existing one', () => {
    const body: VirtualNetworkGateway = { ...gatewayBody(intent), id: intent.id, name: intent.name, tags: {} };
    expect(gatewayToIntent(body, intent.scope)).toMatchObject({ existing: true, tags: {} });
    expect(gatewayDrift(intent, { ...gatewayBody(intent), provisioningState: 'Updating' })).toEqual([]);
    expect(gatewayDrift({ ...intent, sku: 'ErGw2AZ' }, gatewayBody(intent))).toEqual(['sku.name']);
  });
});

describe('connection', () => {
  const intent: ConnectionIntent = first('connection', (i) => i.kind === 'connection' && i.authorization !== undefined);

  it('builds a body without any key, and keeps the key ARM echoes back when merging', () => {
    expect(connectionBody(intent)).not.toHaveProperty('authorizationKey');
    const current: VirtualNetworkGatewayConnection = { ...connectionBody(intent), authorizationKey: 'echoed' };
    expect(connectionDrift(intent, current)).toEqual([]);
    const merged = mergeConnection(current, { ...intent, routingWeight: 20 });
    expect(merged).toMatchObject({ routingWeight: 20, authorizationKey: 'echoed' });
  });
});
