import { ValidationError } from '../../../shared/errors';
import { CUSTOMER_TAG, LEG_TAG, MANAGED_BY_TAG, PAIR_TAG } from '../../../shared/domain/intents';
import type { ResourceIntent, ResourceKind, Topology } from '../../../shared/domain/intents';
import { isValidResourceName } from '../../../shared/domain/naming';
import { CustomerSpecSchema } from '../../../shared/domain/spec';
import type { CustomerSpec, CustomerSpecInput } from '../../../shared/domain/spec';
import { baselineSecurityRules, deriveTopology } from '../../../shared/domain/topology';
import { APP_GATEWAY_ID, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

// A spec of our own, so that exact field assertions do not depend on the shared fixture; the shared fixture is
// checked further down.
const CSP_TENANT_ID = '11111111-1111-4111-8111-111111111111';
const CUSTOMER_TENANT_ID = '22222222-2222-4222-8222-222222222222';
const CSP_SUBSCRIPTION = '33333333-3333-4333-8333-333333333333';
const CUSTOMER_SUBSCRIPTION = '44444444-4444-4444-8444-444444444444';
const SECOND_CUSTOMER_SUBSCRIPTION = '55555555-5555-4555-8555-555555555555';
const NETWORK = 'providers/Microsoft.Network';
const HUB_VNET = `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/virtualNetworks/vnet-hub`;
const SPOKE_VNET = `/subscriptions/${SECOND_CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-spoke/${NETWORK}/virtualNetworks/vnet-spoke`;
const SPOKE_GATEWAY = `/subscriptions/${SECOND_CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-spoke/${NETWORK}/virtualNetworkGateways/gw-existing`;
const CIRCUIT_RG = `/subscriptions/${CSP_SUBSCRIPTION}/resourceGroups/rg-er-contoso/${NETWORK}`;
const MD5_KEY = { vault: 'kv-csp-secrets', secret: 'contoso-bgp-md5' };

function specInput(model: 'connect-through' | 'connect-to'): CustomerSpecInput {
  return {
    customer: {
      id: 'contoso',
      tenantId: CUSTOMER_TENANT_ID,
      subscriptions: [CUSTOMER_SUBSCRIPTION, SECOND_CUSTOMER_SUBSCRIPTION],
      model,
    },
    circuits: {
      subscriptionId: model === 'connect-through' ? CSP_SUBSCRIPTION : CUSTOMER_SUBSCRIPTION,
      resourceGroup: 'rg-er-contoso',
      location: 'westeurope',
      provider: 'Equinix',
      peeringLocations: ['Amsterdam', 'Amsterdam2'],
      bandwidthMbps: 1000,
      sku: { tier: 'Standard', family: 'MeteredData' },
      privatePeering: {
        peerAsn: 65010,
        legs: [
          { primaryPeerAddressPrefix: '192.168.100.0/30', secondaryPeerAddressPrefix: '192.168.100.4/30', vlanId: 100 },
          {
            primaryPeerAddressPrefix: '192.168.100.8/30',
            secondaryPeerAddressPrefix: '192.168.100.12/30',
            vlanId: 100,
          },
        ],
        md5Key: MD5_KEY,
      },
      microsoftPeering: {
        peerAsn: 64500,
        legs: [
          { primaryPeerAddressPrefix: '203.0.113.0/30', secondaryPeerAddressPrefix: '203.0.113.4/30', vlanId: 200 },
          { primaryPeerAddressPrefix: '203.0.113.8/30', secondaryPeerAddressPrefix: '203.0.113.12/30', vlanId: 200 },
        ],
        advertisedPublicPrefixes: ['203.0.113.128/27'],
        routingRegistryName: 'ARIN',
        routeFilterCommunities: ['12076:5010', '12076:5020'],
      },
    },
    vnetLinks: [
      { vnetId: HUB_VNET, addressSpace: ['10.10.0.0/16'], gateway: { sku: 'ErGw2AZ' }, routingWeight: 10 },
      { vnetId: SPOKE_VNET, addressSpace: ['10.20.0.0/16'], gateway: { id: SPOKE_GATEWAY }, fastPath: false },
    ],
    routeTables: [
      {
        role: 'workload',
        vnetId: HUB_VNET,
        subnets: ['app', 'data'],
        routes: [
          {
            name: 'to-onprem',
            addressPrefix: '172.16.0.0/12',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.10.0.4',
          },
        ],
        forcedTunnelNextHop: '10.10.0.4',
      },
    ],
    networkSecurityGroups: [
      {
        role: 'workload',
        vnetId: HUB_VNET,
        subnets: ['app', 'web'],
        baseline: { onPremisesPrefixes: ['172.16.0.0/12'] },
        rules: [
          {
            name: 'allow-https',
            priority: 200,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            destinationPortRange: '443',
          },
        ],
      },
    ],
  };
}

function spec(
  model: 'connect-through' | 'connect-to',
  change: (input: CustomerSpecInput) => void = () => undefined,
): CustomerSpec {
  const input = specInput(model);
  change(input);
  return CustomerSpecSchema.parse(input);
}

function derive(customerSpec: CustomerSpec): Topology {
  return deriveTopology(customerSpec, { cspTenantId: CSP_TENANT_ID });
}

function ofKind<K extends ResourceKind>(topology: Topology, kind: K): Extract<ResourceIntent, { kind: K }>[] {
  return topology.resources.filter((r): r is Extract<ResourceIntent, { kind: K }> => r.kind === kind);
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('deriveTopology, connect-through', () => {
  const topology = derive(spec('connect-through'));

  it('owns exactly the expected resources, in a fixed order', () => {
    expect(topology.resources.map((r) => `${r.kind} ${r.name}`)).toEqual([
      'circuit er-contoso-a',
      'circuit er-contoso-b',
      'peering AzurePrivatePeering',
      'peering AzurePrivatePeering',
      'routeFilter rf-contoso',
      'peering MicrosoftPeering',
      'peering MicrosoftPeering',
      'gateway ergw-vnet-hub',
      'authorization auth-contoso-vnet-hub-a',
      'authorization auth-contoso-vnet-hub-b',
      'connection cn-vnet-hub-er-contoso-a',
      'connection cn-vnet-hub-er-contoso-b',
      'gateway gw-existing',
      'authorization auth-contoso-vnet-spoke-a',
      'authorization auth-contoso-vnet-spoke-b',
      'connection cn-vnet-spoke-er-contoso-a',
      'connection cn-vnet-spoke-er-contoso-b',
      'routeTable rt-contoso-workload',
      'nsg nsg-contoso-workload',
      'subnetAssociation app',
      'subnetAssociation data',
      'subnetAssociation web',
    ]);
    expect(topology).toMatchObject({ customerId: 'contoso', tenantId: CUSTOMER_TENANT_ID, model: 'connect-through' });
  });

  it('puts both circuits in the CSP subscription and tenant, one per peering location, tagged with their leg', () => {
    const [a, b] = ofKind(topology, 'circuit');
    expect(a).toEqual({
      kind: 'circuit',
      id: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-a`,
      scope: { tenantId: CSP_TENANT_ID, subscriptionId: CSP_SUBSCRIPTION, resourceGroup: 'rg-er-contoso' },
      name: 'er-contoso-a',
      leg: 'a',
      location: 'westeurope',
      tags: {
        [MANAGED_BY_TAG]: 'expressroute-csp',
        [CUSTOMER_TAG]: 'contoso',
        [PAIR_TAG]: 'er-contoso',
        [LEG_TAG]: 'a',
      },
      sku: { tier: 'Standard', family: 'MeteredData' },
      serviceProviderName: 'Equinix',
      peeringLocation: 'Amsterdam',
      bandwidthMbps: 1000,
    });
    expect(b).toMatchObject({ leg: 'b', peeringLocation: 'Amsterdam2', tags: { [LEG_TAG]: 'b' } });
  });

  it('gives each circuit its private peering with that leg’s addresses and the MD5 key reference', () => {
    const privatePeerings = ofKind(topology, 'peering').filter((p) => p.peeringType === 'AzurePrivatePeering');
    expect(privatePeerings[1]).toEqual({
      kind: 'peering',
      id: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-b/peerings/AzurePrivatePeering`,
      scope: { tenantId: CSP_TENANT_ID, subscriptionId: CSP_SUBSCRIPTION, resourceGroup: 'rg-er-contoso' },
      name: 'AzurePrivatePeering',
      circuitId: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-b`,
      peeringType: 'AzurePrivatePeering',
      peerAsn: 65010,
      primaryPeerAddressPrefix: '192.168.100.8/30',
      secondaryPeerAddressPrefix: '192.168.100.12/30',
      vlanId: 100,
      md5Key: MD5_KEY,
    });
  });

  it('builds one route filter in the circuits’ region, with one Allow rule, and attaches it to both Microsoft peerings', () => {
    const routeFilter = only(ofKind(topology, 'routeFilter'));
    expect(routeFilter).toMatchObject({
      id: `${CIRCUIT_RG}/routeFilters/rf-contoso`,
      location: 'westeurope',
      rule: { name: 'allow-communities', communities: ['12076:5010', '12076:5020'] },
    });
    const microsoftPeerings = ofKind(topology, 'peering').filter((p) => p.peeringType === 'MicrosoftPeering');
    expect(microsoftPeerings).toHaveLength(2);
    expect(microsoftPeerings[0]).toMatchObject({
      id: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-a/peerings/MicrosoftPeering`,
      peerAsn: 64500,
      primaryPeerAddressPrefix: '203.0.113.0/30',
      vlanId: 200,
      microsoft: {
        advertisedPublicPrefixes: ['203.0.113.128/27'],
        routingRegistryName: 'ARIN',
        routeFilterId: routeFilter.id,
      },
    });
    expect(microsoftPeerings[0]).not.toHaveProperty('md5Key');
  });

  it('creates a gateway in the VNet’s subscription and resource group when none is given', () => {
    const hubGateway = ofKind(topology, 'gateway')[0];
    expect(hubGateway).toEqual({
      kind: 'gateway',
      id: `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/virtualNetworkGateways/ergw-vnet-hub`,
      scope: { tenantId: CUSTOMER_TENANT_ID, subscriptionId: CUSTOMER_SUBSCRIPTION, resourceGroup: 'rg-hub' },
      name: 'ergw-vnet-hub',
      location: 'westeurope',
      tags: { [MANAGED_BY_TAG]: 'expressroute-csp', [CUSTOMER_TAG]: 'contoso', [PAIR_TAG]: 'er-contoso' },
      vnetId: HUB_VNET,
      sku: 'ErGw2AZ',
      existing: false,
    });
  });

  it('only references an existing gateway, and does not tag it', () => {
    const spokeGateway = ofKind(topology, 'gateway')[1];
    expect(spokeGateway).toMatchObject({
      id: SPOKE_GATEWAY,
      name: 'gw-existing',
      existing: true,
      tags: {},
      scope: { tenantId: CUSTOMER_TENANT_ID, subscriptionId: SECOND_CUSTOMER_SUBSCRIPTION, resourceGroup: 'rg-spoke' },
    });
  });

  it('links every VNet to each leg through an authorization on that leg’s circuit, redeemed by its connection', () => {
    const authorizations = ofKind(topology, 'authorization');
    const connections = ofKind(topology, 'connection');
    expect(authorizations).toHaveLength(4);
    expect(connections).toHaveLength(4);
    const [hubAuthA] = authorizations;
    expect(hubAuthA).toEqual({
      kind: 'authorization',
      id: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-a/authorizations/auth-contoso-vnet-hub-a`,
      scope: { tenantId: CSP_TENANT_ID, subscriptionId: CSP_SUBSCRIPTION, resourceGroup: 'rg-er-contoso' },
      name: 'auth-contoso-vnet-hub-a',
      circuitId: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-a`,
    });
    expect(connections[0]).toEqual({
      kind: 'connection',
      id: `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/connections/cn-vnet-hub-er-contoso-a`,
      scope: { tenantId: CUSTOMER_TENANT_ID, subscriptionId: CUSTOMER_SUBSCRIPTION, resourceGroup: 'rg-hub' },
      name: 'cn-vnet-hub-er-contoso-a',
      leg: 'a',
      location: 'westeurope',
      tags: {
        [MANAGED_BY_TAG]: 'expressroute-csp',
        [CUSTOMER_TAG]: 'contoso',
        [PAIR_TAG]: 'er-contoso',
        [LEG_TAG]: 'a',
      },
      gatewayId: `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/virtualNetworkGateways/ergw-vnet-hub`,
      circuitId: `${CIRCUIT_RG}/expressRouteCircuits/er-contoso-a`,
      routingWeight: 10,
      fastPath: false,
      authorization: { id: hubAuthA!.id, scope: hubAuthA!.scope },
    });
    for (const connection of connections) {
      const authorization = authorizations.find((auth) => auth.id === connection.authorization?.id);
      expect(authorization?.circuitId).toBe(connection.circuitId);
    }
    expect(connections[3]).toMatchObject({ gatewayId: SPOKE_GATEWAY, leg: 'b', routingWeight: 0 });
  });

  it('adds the forced-tunnelling default route after the spec’s routes', () => {
    const routeTable = only(ofKind(topology, 'routeTable'));
    expect(routeTable).toMatchObject({
      id: `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/routeTables/rt-contoso-workload`,
      scope: { tenantId: CUSTOMER_TENANT_ID, subscriptionId: CUSTOMER_SUBSCRIPTION, resourceGroup: 'rg-hub' },
      disableBgpRoutePropagation: false,
      routes: [
        {
          name: 'to-onprem',
          addressPrefix: '172.16.0.0/12',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.10.0.4',
        },
        {
          name: 'forced-tunnel-default',
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.10.0.4',
        },
      ],
    });
  });

  it('puts the ExpressRoute baseline rules first in every NSG, then the spec’s rules', () => {
    const nsg = only(ofKind(topology, 'nsg'));
    expect(nsg.id).toBe(
      `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourceGroups/rg-hub/${NETWORK}/networkSecurityGroups/nsg-contoso-workload`,
    );
    expect(nsg.rules).toEqual([
      {
        name: 'AllowOnPremisesInbound',
        priority: 4000,
        direction: 'Inbound',
        access: 'Allow',
        protocol: '*',
        sourceAddressPrefix: '172.16.0.0/12',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
      },
      {
        name: 'DenyInternetOutbound',
        priority: 4096,
        direction: 'Outbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: 'Internet',
        destinationPortRange: '*',
      },
      {
        name: 'allow-https',
        priority: 200,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '443',
      },
    ]);
  });

  it('associates each subnet once, merging its route table and NSG', () => {
    const routeTableId = only(ofKind(topology, 'routeTable')).id;
    const nsgId = only(ofKind(topology, 'nsg')).id;
    const scope = { tenantId: CUSTOMER_TENANT_ID, subscriptionId: CUSTOMER_SUBSCRIPTION, resourceGroup: 'rg-hub' };
    expect(ofKind(topology, 'subnetAssociation')).toEqual([
      {
        kind: 'subnetAssociation',
        id: `${HUB_VNET}/subnets/app`,
        scope,
        name: 'app',
        vnetId: HUB_VNET,
        routeTableId,
        nsgId,
      },
      {
        kind: 'subnetAssociation',
        id: `${HUB_VNET}/subnets/data`,
        scope,
        name: 'data',
        vnetId: HUB_VNET,
        routeTableId,
      },
      { kind: 'subnetAssociation', id: `${HUB_VNET}/subnets/web`, scope, name: 'web', vnetId: HUB_VNET, nsgId },
    ]);
  });

  it('gives every resource a distinct id and a name within Azure rules, and derives the same topology every time', () => {
    const ids = topology.resources.map((r) => r.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    for (const resource of topology.resources) {
      if (resource.kind !== 'subnetAssociation') expect(isValidResourceName(resource.name)).toBe(true);
    }
    expect(derive(spec('connect-through'))).toEqual(topology);
  });
});

describe('deriveTopology, connect-to', () => {
  const topology = derive(spec('connect-to'));

  it('owns the same resources as connect-through, with authorizations only for links that cross subscriptions', () => {
    const connectThrough = derive(spec('connect-through'));
    const crossing = (id: string) =>
      !id.toLowerCase().includes(`/subscriptions/${CUSTOMER_SUBSCRIPTION}`.toLowerCase());
    for (const connection of ofKind(topology, 'connection')) {
      expect(connection.authorization !== undefined).toBe(crossing(connection.id));
    }
    const names = (resources: readonly { kind: string; name: string }[]) =>
      resources.filter((r) => r.kind !== 'authorization').map((r) => r.name);
    expect(names(topology.resources)).toEqual(names(connectThrough.resources));
  });

  it('puts the circuits in the customer’s own subscription and tenant, and connects without authorizations', () => {
    for (const circuit of ofKind(topology, 'circuit')) {
      expect(circuit.scope).toEqual({
        tenantId: CUSTOMER_TENANT_ID,
        subscriptionId: CUSTOMER_SUBSCRIPTION,
        resourceGroup: 'rg-er-contoso',
      });
    }
    for (const connection of ofKind(topology, 'connection')) {
      if (connection.scope.subscriptionId === CUSTOMER_SUBSCRIPTION)
        expect(connection).not.toHaveProperty('authorization');
    }
    expect(topology.model).toBe('connect-to');
  });
});

describe('deriveTopology, optional parts', () => {
  it('builds no route filter and no Microsoft peering without Microsoft peering in the spec', () => {
    const topology = derive(
      spec('connect-through', (input) => {
        delete input.circuits?.microsoftPeering;
      }),
    );
    expect(ofKind(topology, 'routeFilter')).toEqual([]);
    expect(ofKind(topology, 'peering').map((p) => p.peeringType)).toEqual([
      'AzurePrivatePeering',
      'AzurePrivatePeering',
    ]);
  });

  it('builds just the circuits and their peerings for a spec with no VNets, route tables or NSGs', () => {
    const topology = derive(
      spec('connect-to', (input) => {
        input.vnetLinks = [];
        input.routeTables = [];
        input.networkSecurityGroups = [];
        delete input.circuits?.privatePeering.md5Key;
      }),
    );
    expect(topology.resources.map((r) => r.kind)).toEqual([
      'circuit',
      'circuit',
      'peering',
      'peering',
      'routeFilter',
      'peering',
      'peering',
    ]);
    expect(ofKind(topology, 'peering')[0]).not.toHaveProperty('md5Key');
  });

  it('passes routing weight, FastPath and ErGwScale units through', () => {
    const topology = derive(
      spec('connect-through', (input) => {
        input.vnetLinks = [
          {
            vnetId: HUB_VNET,
            addressSpace: ['10.10.0.0/16'],
            gateway: { sku: 'ErGwScale', scaleUnits: 10 },
            routingWeight: 5,
            fastPath: true,
          },
        ];
      }),
    );
    expect(only(ofKind(topology, 'gateway'))).toMatchObject({ sku: 'ErGwScale', scaleUnits: 10 });
    for (const connection of ofKind(topology, 'connection'))
      expect(connection).toMatchObject({ routingWeight: 5, fastPath: true });
  });
});

describe('baseline security rules', () => {
  it('leaves out the on-premises rule without prefixes, and the Internet rule when switched off', () => {
    expect(baselineSecurityRules({ onPremisesPrefixes: [], denyInternetOutbound: true }).map((r) => r.name)).toEqual([
      'DenyInternetOutbound',
    ]);
    expect(baselineSecurityRules({ onPremisesPrefixes: [], denyInternetOutbound: false })).toEqual([]);
  });

  it('gives further on-premises prefixes their own rules at free inbound priorities above 4000', () => {
    const rules = baselineSecurityRules(
      { onPremisesPrefixes: ['172.16.0.0/12', '192.168.0.0/16', '10.200.0.0/16'], denyInternetOutbound: false },
      [4001, 4003],
    );
    expect(rules.map((r) => [r.name, r.priority, r.sourceAddressPrefix])).toEqual([
      ['AllowOnPremisesInbound', 4000, '172.16.0.0/12'],
      ['AllowOnPremisesInbound-2', 4002, '192.168.0.0/16'],
      ['AllowOnPremisesInbound-3', 4004, '10.200.0.0/16'],
    ]);
  });
});

describe('deriveTopology, colliding specs', () => {
  it('refuses two linked VNets with the same name, whose authorizations and plan keys would collide', () => {
    const sameNameElsewhere = SPOKE_VNET.replace('vnet-spoke', 'VNET-HUB');
    const run = () =>
      derive(
        spec('connect-through', (input) => {
          input.vnetLinks = [
            { vnetId: HUB_VNET, addressSpace: ['10.10.0.0/16'], gateway: {} },
            { vnetId: sameNameElsewhere, addressSpace: ['10.20.0.0/16'], gateway: {} },
          ];
        }),
      );
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(/vnetLinks\[1\]\.vnetId/);
  });

  it('refuses two route tables with the same role', () => {
    const run = () =>
      derive(
        spec('connect-through', (input) => {
          input.routeTables = [
            { role: 'workload', vnetId: HUB_VNET, subnets: ['app'] },
            { role: 'workload', vnetId: HUB_VNET, subnets: ['data'] },
          ];
        }),
      );
    expect(run).toThrow(/routeTables\[1\]\.role/);
  });
});

describe('deriveTopology, shared fixtures', () => {
  const hubResources = [
    'gateway ergw-vnet-contoso-hub-weu',
    'authorization auth-contoso-vnet-contoso-hub-weu-a',
    'authorization auth-contoso-vnet-contoso-hub-weu-b',
    'connection cn-vnet-contoso-hub-weu-er-contoso-a',
    'connection cn-vnet-contoso-hub-weu-er-contoso-b',
  ];
  const appResources = [
    'gateway ergw-contoso-app-weu',
    'authorization auth-contoso-vnet-contoso-app-weu-a',
    'authorization auth-contoso-vnet-contoso-app-weu-b',
    'connection cn-vnet-contoso-app-weu-er-contoso-a',
    'connection cn-vnet-contoso-app-weu-er-contoso-b',
  ];
  const networkSecurity = [
    'routeTable rt-contoso-shared',
    'routeTable rt-contoso-workload',
    'nsg nsg-contoso-shared',
    'nsg nsg-contoso-workload',
    'subnetAssociation snet-shared-services',
    'subnetAssociation snet-management',
    'subnetAssociation snet-app',
    'subnetAssociation snet-data',
  ];
  const circuitsAndPeerings = [
    'circuit er-contoso-a',
    'circuit er-contoso-b',
    'peering AzurePrivatePeering',
    'peering AzurePrivatePeering',
  ];
  const describeResources = (topology: Topology) => topology.resources.map((r) => `${r.kind} ${r.name}`);

  it('connect-through: exactly the circuits, peerings, gateways, authorizations, connections and network security', () => {
    expect(describeResources(derive(validConnectThroughSpec()))).toEqual([
      ...circuitsAndPeerings,
      ...hubResources,
      ...appResources,
      ...networkSecurity,
    ]);
    expect(describeResources(derive(validConnectThroughSpec({ microsoftPeering: true })))).toEqual([
      ...circuitsAndPeerings,
      'routeFilter rf-contoso',
      'peering MicrosoftPeering',
      'peering MicrosoftPeering',
      ...hubResources,
      ...appResources,
      ...networkSecurity,
    ]);
  });

  it('connect-to: the same, with authorizations only for the VNet outside the circuits’ subscription', () => {
    const withoutAuthorizations = (names: string[]) => names.filter((name) => !name.startsWith('authorization'));
    expect(describeResources(derive(validConnectToSpec()))).toEqual([
      ...circuitsAndPeerings,
      ...withoutAuthorizations(hubResources),
      ...appResources,
      ...networkSecurity,
    ]);
  });

  it('keeps the existing gateway and gives each further on-premises prefix its own baseline rule', () => {
    const topology = derive(validConnectThroughSpec());
    expect(ofKind(topology, 'gateway').find((gateway) => gateway.existing)?.id).toBe(APP_GATEWAY_ID);
    const sharedNsg = ofKind(topology, 'nsg')[0]!;
    expect(sharedNsg.rules.map((rule) => [rule.name, rule.priority, rule.sourceAddressPrefix])).toEqual([
      ['AllowOnPremisesInbound', 4000, '172.16.0.0/16'],
      ['AllowOnPremisesInbound-2', 4001, '172.17.0.0/16'],
      ['DenyInternetOutbound', 4096, '*'],
      ['allow-rdp-from-jump-hosts', 200, '172.16.10.0/24'],
    ]);
  });
});

describe('deriveTopology, VNets in other regions', () => {
  it('creates each VNet’s gateway, connections, route tables and NSGs in that VNet’s region', () => {
    const spec = validConnectThroughSpec();
    const [hub, app] = spec.vnetLinks;
    spec.vnetLinks = [{ ...hub!, location: 'northeurope' }, app!];
    const topology = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID });
    const onHub = (id: string) => id.toLowerCase().includes(hub!.vnetId.split('/')[4]!.toLowerCase());

    for (const intent of topology.resources) {
      if (!('location' in intent) || intent.kind === 'circuit' || intent.kind === 'routeFilter') continue;
      const vnetScoped = intent.kind === 'connection' ? intent.gatewayId : intent.id;
      expect([intent.id, intent.location]).toEqual([
        intent.id,
        onHub(vnetScoped) ? 'northeurope' : spec.circuits.location,
      ]);
    }
    for (const circuit of ofKind(topology, 'circuit')) expect(circuit.location).toBe(spec.circuits.location);
  });
});
