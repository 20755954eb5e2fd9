/**
 * Every refusal the simulator makes, with ARM's CloudError shape; a refused request changes nothing.
 */
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  CUSTOMER_SUBSCRIPTION,
  PRIVATE_PEERING_BODY,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { connectionBody, customerHub, finish, networkPath, putAndWait, readyCircuit } from './topology';

const RG = 'rg-er';
const CIRCUIT = circuitId(TEST_SUBSCRIPTION, RG, 'er-a');
let sim: TestArmSimulator;

beforeEach(async () => {
  sim = await startTestArmSimulator();
  sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
});

afterEach(async () => {
  await sim.stop();
});

function expectRefusal(response: ArmHttpResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body).toEqual({ error: { code, message: expect.stringMatching(/\w/), details: [] } });
}

function withProvider(serviceProviderProperties: Record<string, unknown>, family = 'MeteredData'): unknown {
  const body = providerCircuitBody({ family });
  return { ...body, properties: { ...body.properties, serviceProviderProperties } };
}

describe('circuits', () => {
  it('refuses providers, peering locations and bandwidths the catalogue does not offer', async () => {
    const cases: [unknown, string][] = [
      [
        withProvider({ serviceProviderName: 'Acme', peeringLocation: 'Amsterdam', bandwidthInMbps: 1000 }),
        'ExpressRouteCircuitServiceProviderDoesNotExist',
      ],
      [
        withProvider({ serviceProviderName: 'Equinix', peeringLocation: 'Atlantis', bandwidthInMbps: 1000 }),
        'ExpressRouteCircuitLocationDoesNotExistForServiceProvider',
      ],
      [
        withProvider({ serviceProviderName: 'Equinix', peeringLocation: 'Amsterdam', bandwidthInMbps: 300 }),
        'ExpressRouteCircuitBandwidthNotOffered',
      ],
      [
        withProvider({ serviceProviderName: 'Colt', peeringLocation: 'London', bandwidthInMbps: 2000 }),
        'ExpressRouteCircuitBandwidthNotOffered',
      ],
      [
        withProvider({ serviceProviderName: 'Equinix', bandwidthInMbps: 1000 }),
        'ExpressRouteCircuitServiceProviderPeeringLocationNotSpecified',
      ],
      [
        withProvider({ peeringLocation: 'Amsterdam', bandwidthInMbps: 1000 }),
        'ExpressRouteCircuitServiceProviderNameNotSpecified',
      ],
      [
        {
          location: 'westeurope',
          sku: { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
          properties: {},
        },
        'ExpressRouteCircuitCreateMissingPortProvisioningProperties',
      ],
      [{ ...providerCircuitBody(), location: undefined }, 'LocationRequired'],
    ];
    for (const [body, code] of cases) expectRefusal(await armRequest(sim, 'PUT', CIRCUIT, { body }), 400, code);
    expect(sim.control.get(CIRCUIT)).toBeUndefined();
  });

  it('allows a bandwidth increase to an offered value but refuses a decrease, leaving the circuit as it was', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody({ bandwidthInMbps: 1000 }));
    expectRefusal(
      await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody({ bandwidthInMbps: 500 }) }),
      400,
      'ExpressRouteCircuitBandwidthDecreaseNotAllowed',
    );
    expect(sim.control.get(CIRCUIT)?.properties).toMatchObject({
      provisioningState: 'Succeeded',
      serviceProviderProperties: { bandwidthInMbps: 1000 },
    });
    expect((await putAndWait(sim, CIRCUIT, providerCircuitBody({ bandwidthInMbps: 2000 }))).status).toBe(200);
  });

  it('refuses a provider or peering location change on an existing circuit', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    expectRefusal(
      await armRequest(sim, 'PUT', CIRCUIT, {
        body: withProvider({ serviceProviderName: 'Megaport', peeringLocation: 'Amsterdam', bandwidthInMbps: 1000 }),
      }),
      400,
      'ExpressRouteCircuitServiceProviderChangeNotAllowed',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody({ peeringLocation: 'Amsterdam2' }) }),
      400,
      'ExpressRouteCircuitPeeringLocationChangeNotAllowed',
    );
  });

  it('allows MeteredData → UnlimitedData but refuses UnlimitedData → MeteredData', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody({ family: 'MeteredData' }));
    await putAndWait(sim, CIRCUIT, providerCircuitBody({ family: 'UnlimitedData' }));
    expectRefusal(
      await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody({ family: 'MeteredData' }) }),
      400,
      'ExpressRouteCircuitSkuFamilyDowngradeNotAllowed',
    );
  });

  it('refuses peerings (direct or inline) until the provider has Provisioned the circuit', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    const peering = `${CIRCUIT}/peerings/AzurePrivatePeering`;
    expectRefusal(
      await armRequest(sim, 'PUT', peering, { body: PRIVATE_PEERING_BODY }),
      400,
      'ExpressRouteCircuitNotProvisionedByServiceProvider',
    );
    sim.control.setProviderState(CIRCUIT, 'Provisioning');
    expectRefusal(
      await armRequest(sim, 'PUT', peering, { body: PRIVATE_PEERING_BODY }),
      400,
      'ExpressRouteCircuitNotProvisionedByServiceProvider',
    );
    const inline = providerCircuitBody();
    const withPeering = {
      ...inline,
      properties: { ...inline.properties, peerings: [{ name: 'AzurePrivatePeering', ...PRIVATE_PEERING_BODY }] },
    };
    expectRefusal(
      await armRequest(sim, 'PUT', CIRCUIT, { body: withPeering }),
      400,
      'ExpressRouteCircuitNotProvisionedByServiceProvider',
    );
    sim.control.provision(CIRCUIT);
    expect((await putAndWait(sim, peering, PRIVATE_PEERING_BODY)).body.properties.provisioningState).toBe('Succeeded');
  });

  it('checks peering names, /30 prefixes, VLAN uniqueness, reserved ASNs and Microsoft peering config', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.control.provision(CIRCUIT);
    await putAndWait(sim, `${CIRCUIT}/peerings/AzurePrivatePeering`, PRIVATE_PEERING_BODY);
    const microsoft = `${CIRCUIT}/peerings/MicrosoftPeering`;
    const base = {
      peerASN: 64500,
      primaryPeerAddressPrefix: '203.0.113.0/30',
      secondaryPeerAddressPrefix: '203.0.113.4/30',
      vlanId: 200,
      microsoftPeeringConfig: { advertisedPublicPrefixes: ['203.0.113.128/27'], routingRegistryName: 'ARIN' },
    };
    const cases: [string, Record<string, unknown>, string][] = [
      [`${CIRCUIT}/peerings/MyPeering`, base, 'ExpressRouteCircuitPeeringNameInvalid'],
      [microsoft, { ...base, vlanId: 100 }, 'ExpressRouteCircuitPeeringVlanIdInUse'],
      [
        microsoft,
        { ...base, primaryPeerAddressPrefix: '203.0.113.0/29' },
        'ExpressRouteCircuitPeeringAddressPrefixInvalid',
      ],
      [
        microsoft,
        { ...base, secondaryPeerAddressPrefix: '203.0.113.0/30' },
        'ExpressRouteCircuitPeeringAddressPrefixInvalid',
      ],
      [microsoft, { ...base, peerASN: 65515 }, 'ExpressRouteCircuitPeeringAsnReserved'],
      [microsoft, { ...base, microsoftPeeringConfig: undefined }, 'MicrosoftPeeringConfigNotSpecified'],
    ];
    for (const [path, properties, code] of cases)
      expectRefusal(await armRequest(sim, 'PUT', path, { body: { properties } }), 400, code);
    const created = await putAndWait(sim, microsoft, { properties: base });
    expect(created.body.properties.microsoftPeeringConfig.advertisedPublicPrefixesState).toBe('Configured');
  });

  it('refuses deleting a circuit the provider holds (Provisioning/Provisioned) with 400 ConflictError', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    for (const state of ['Provisioning', 'Provisioned', 'Deprovisioning'] as const) {
      sim.control.setProviderState(CIRCUIT, state);
      const refused = await armRequest(sim, 'DELETE', CIRCUIT);
      expectRefusal(refused, 400, 'ConflictError');
      expect(refused.body.error.message).toContain('not in Deprovisioned state');
    }
    expect(sim.control.get(CIRCUIT)?.properties.provisioningState).toBe('Succeeded');
    sim.control.setProviderState(CIRCUIT, 'NotProvisioned');
    expect((await armRequest(sim, 'DELETE', CIRCUIT)).status).toBe(202);
  });

  it("with circuitDeleteWhileProvisioned 'fail-operation', accepts the DELETE and fails its operation instead", async () => {
    const lenient = await startTestArmSimulator({ circuitDeleteWhileProvisioned: 'fail-operation' });
    try {
      lenient.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      await putAndWait(lenient, CIRCUIT, providerCircuitBody());
      lenient.control.provision(CIRCUIT);
      const accepted = await armRequest(lenient, 'DELETE', CIRCUIT);
      expect(accepted.status).toBe(202);
      expect(await finish(lenient, accepted)).toEqual({
        status: 'Failed',
        error: { code: 'ConflictError', message: expect.any(String) },
      });
      const result = await armRequest(lenient, 'GET', String(accepted.headers.location));
      expect(result.status).toBe(409);
      expect(lenient.control.get(CIRCUIT)?.properties.provisioningState).toBe('Succeeded');
    } finally {
      await lenient.stop();
    }
  });

  it('refuses deleting a circuit that still has connections, authorizations or peerings', async () => {
    const circuit = await readyCircuit(sim, TEST_SUBSCRIPTION, RG, 'er-a');
    await putAndWait(sim, `${circuit}/authorizations/cust1`, { properties: {} });
    const hub = await customerHub(sim, TEST_SUBSCRIPTION, 'rg-hub');
    const connection = networkPath(TEST_SUBSCRIPTION, 'rg-hub', 'connections', 'cn-a');
    await putAndWait(sim, connection, connectionBody(hub.gatewayId, circuit));

    expectRefusal(await armRequest(sim, 'DELETE', circuit), 400, 'ExpressRouteCircuitHasConnections');
    await finish(sim, await armRequest(sim, 'DELETE', connection));
    expectRefusal(await armRequest(sim, 'DELETE', circuit), 400, 'ExpressRouteCircuitHasAuthorizations');
    await finish(sim, await armRequest(sim, 'DELETE', `${circuit}/authorizations/cust1`));
    expectRefusal(await armRequest(sim, 'DELETE', circuit), 400, 'ExpressRouteCircuitHasPeerings');
    await finish(sim, await armRequest(sim, 'DELETE', `${circuit}/peerings/AzurePrivatePeering`));
    expectRefusal(await armRequest(sim, 'DELETE', circuit), 400, 'ConflictError');
  });
});

describe('authorizations and connections', () => {
  let circuit: string;

  beforeEach(async () => {
    circuit = await readyCircuit(sim, TEST_SUBSCRIPTION, RG, 'er-a');
  });

  async function authorizationKey(name: string): Promise<string> {
    const authorization = await putAndWait(sim, `${circuit}/authorizations/${name}`, { properties: {} });
    expect(authorization.body.properties.authorizationUseStatus).toBe('Available');
    return String(authorization.body.properties.authorizationKey);
  }

  it('redeems a key once (InUse), refuses its reuse, and frees it when the connection is deleted', async () => {
    const key = await authorizationKey('cust1');
    const hub1 = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub1');
    const hub2 = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub2');
    const first = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub1', 'connections', 'cn-1');
    const second = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub2', 'connections', 'cn-2');

    const created = await armRequest(sim, 'PUT', first, { body: connectionBody(hub1.gatewayId, circuit, key) });
    expect(created.status).toBe(201);
    expect(created.body.properties.connectionStatus).toBe('Connecting');
    await finish(sim, created);
    expect((await armRequest(sim, 'GET', first)).body.properties.connectionStatus).toBe('Connected');
    expect((await armRequest(sim, 'GET', `${circuit}/authorizations/cust1`)).body.properties).toMatchObject({
      authorizationUseStatus: 'InUse',
      connectionResourceUri: first,
    });

    expectRefusal(
      await armRequest(sim, 'PUT', second, { body: connectionBody(hub2.gatewayId, circuit, key) }),
      400,
      'ExpressRouteCircuitAuthorizationAlreadyInUse',
    );
    await finish(sim, await armRequest(sim, 'DELETE', first));
    expect(
      (await armRequest(sim, 'GET', `${circuit}/authorizations/cust1`)).body.properties.authorizationUseStatus,
    ).toBe('Available');
    expect((await putAndWait(sim, second, connectionBody(hub2.gatewayId, circuit, key))).status).toBe(200);
  });

  it('refuses a wrong key (400) and a cross-subscription link without one (403 LinkedAuthorizationFailed)', async () => {
    await authorizationKey('cust1');
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub');
    const connection = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'connections', 'cn');
    expectRefusal(
      await armRequest(sim, 'PUT', connection, {
        body: connectionBody(hub.gatewayId, circuit, '00000000-0000-4000-8000-000000000000'),
      }),
      400,
      'ExpressRouteCircuitAuthorizationKeyInvalid',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', connection, { body: connectionBody(hub.gatewayId, circuit) }),
      403,
      'LinkedAuthorizationFailed',
    );
  });

  it('refuses a connection while the gateway is not Succeeded, or without the circuit’s private peering', async () => {
    const hub = await customerHub(sim, TEST_SUBSCRIPTION, 'rg-hub', { gateway: false });
    const building = await armRequest(sim, 'PUT', hub.gatewayId, {
      body: {
        location: 'westeurope',
        properties: {
          gatewayType: 'ExpressRoute',
          sku: { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
          ipConfigurations: [{ name: 'default', properties: { subnet: { id: hub.gatewaySubnetId } } }],
        },
      },
    });
    expect(building.body.properties.provisioningState).toBe('Updating');
    const connection = networkPath(TEST_SUBSCRIPTION, 'rg-hub', 'connections', 'cn');
    expectRefusal(
      await armRequest(sim, 'PUT', connection, { body: connectionBody(hub.gatewayId, circuit) }),
      400,
      'VirtualNetworkGatewayNotSucceeded',
    );
    await finish(sim, building);

    const bare = circuitId(TEST_SUBSCRIPTION, RG, 'er-bare');
    await putAndWait(sim, bare, providerCircuitBody());
    sim.control.provision(bare);
    expectRefusal(
      await armRequest(sim, 'PUT', connection, { body: connectionBody(hub.gatewayId, bare) }),
      400,
      'ExpressRouteCircuitPrivatePeeringNotConfigured',
    );
    expect(
      (await putAndWait(sim, connection, connectionBody(hub.gatewayId, circuit))).body.properties.connectionStatus,
    ).toBe('Connected');
    expectRefusal(await armRequest(sim, 'DELETE', hub.gatewayId), 400, 'InUseVirtualNetworkGatewayCannotBeDeleted');
  });

  it('revoking an InUse authorization is allowed and leaves the connection NotConnected', async () => {
    const key = await authorizationKey('cust1');
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub');
    const connection = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'connections', 'cn');
    await putAndWait(sim, connection, connectionBody(hub.gatewayId, circuit, key));
    await finish(sim, await armRequest(sim, 'DELETE', `${circuit}/authorizations/cust1`));
    expect((await armRequest(sim, 'GET', connection)).body.properties.connectionStatus).toBe('NotConnected');
    const recreated = await putAndWait(sim, `${circuit}/authorizations/cust1`, { properties: {} });
    expect(recreated.body.properties.authorizationUseStatus).toBe('Available');
    expect(recreated.body.properties.authorizationKey).not.toBe(key);
  });
});

describe('subnets, NSGs and route tables', () => {
  const nsgId = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'networkSecurityGroups', 'nsg');
  const tableId = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'routeTables', 'rt');
  const defaultRoute = {
    name: 'default',
    properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.2.4' },
  };

  it('refuses an NSG on GatewaySubnet, and a reference to an NSG that does not exist', async () => {
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub', { gateway: false });
    await putAndWait(sim, nsgId, { location: 'westeurope', properties: {} });
    expectRefusal(
      await armRequest(sim, 'PUT', hub.gatewaySubnetId, {
        body: { properties: { addressPrefix: '10.1.255.0/27', networkSecurityGroup: { id: nsgId } } },
      }),
      400,
      'NetworkSecurityGroupNotAllowedOnGatewaySubnet',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', hub.workloadSubnetId, {
        body: { properties: { addressPrefix: '10.1.1.0/24', networkSecurityGroup: { id: `${nsgId}-missing` } } },
      }),
      400,
      'InvalidResourceReference',
    );
  });

  it('refuses a 0.0.0.0/0 route table on GatewaySubnet, in either order', async () => {
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub', { gateway: false });
    await putAndWait(sim, tableId, { location: 'westeurope', properties: { routes: [defaultRoute] } });
    expectRefusal(
      await armRequest(sim, 'PUT', hub.gatewaySubnetId, {
        body: { properties: { addressPrefix: '10.1.255.0/27', routeTable: { id: tableId } } },
      }),
      400,
      'DefaultRouteNotAllowedOnGatewaySubnet',
    );
    await putAndWait(sim, tableId, { location: 'westeurope', properties: { routes: [] } });
    await putAndWait(sim, hub.gatewaySubnetId, {
      properties: { addressPrefix: '10.1.255.0/27', routeTable: { id: tableId } },
    });
    expectRefusal(
      await armRequest(sim, 'PUT', `${tableId}/routes/default`, { body: defaultRoute }),
      400,
      'DefaultRouteNotAllowedOnGatewaySubnet',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', tableId, {
        body: { location: 'westeurope', properties: { routes: [defaultRoute] } },
      }),
      400,
      'DefaultRouteNotAllowedOnGatewaySubnet',
    );
    expect((await armRequest(sim, 'GET', tableId)).body.properties.routes).toEqual([]);
  });

  it('refuses deleting an NSG or a route table still associated with a subnet, and a subnet a gateway uses', async () => {
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub');
    await putAndWait(sim, nsgId, { location: 'westeurope', properties: {} });
    await putAndWait(sim, tableId, { location: 'westeurope', properties: {} });
    await putAndWait(sim, hub.workloadSubnetId, {
      properties: { addressPrefix: '10.1.1.0/24', networkSecurityGroup: { id: nsgId }, routeTable: { id: tableId } },
    });
    expect((await armRequest(sim, 'GET', nsgId)).body.properties.subnets).toEqual([{ id: hub.workloadSubnetId }]);
    expectRefusal(await armRequest(sim, 'DELETE', nsgId), 400, 'InUseNetworkSecurityGroupCannotBeDeleted');
    expectRefusal(await armRequest(sim, 'DELETE', tableId), 400, 'InUseRouteTableCannotBeDeleted');
    expectRefusal(await armRequest(sim, 'DELETE', hub.gatewaySubnetId), 400, 'InUseSubnetCannotBeDeleted');
    await putAndWait(sim, hub.workloadSubnetId, { properties: { addressPrefix: '10.1.1.0/24' } });
    expect((await armRequest(sim, 'DELETE', nsgId)).status).toBe(202);
    expect((await armRequest(sim, 'DELETE', tableId)).status).toBe(202);
  });

  it('checks security rule priorities and route filter rules', async () => {
    sim.control.seedResourceGroup(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'westeurope');
    const rule = {
      protocol: 'Tcp',
      access: 'Allow',
      direction: 'Inbound',
      priority: 100,
      sourcePortRange: '*',
      destinationPortRange: '443',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: '*',
    };
    expectRefusal(
      await armRequest(sim, 'PUT', nsgId, {
        body: {
          location: 'westeurope',
          properties: {
            securityRules: [
              { name: 'a', properties: rule },
              { name: 'b', properties: rule },
            ],
          },
        },
      }),
      400,
      'SecurityRuleConflict',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', nsgId, {
        body: {
          location: 'westeurope',
          properties: { securityRules: [{ name: 'a', properties: { ...rule, priority: 5000 } }] },
        },
      }),
      400,
      'SecurityRulePriorityOutOfRange',
    );
    const filter = networkPath(TEST_SUBSCRIPTION, RG, 'routeFilters', 'rf');
    const allow = { access: 'Allow', routeFilterRuleType: 'Community', communities: ['12076:5010'] };
    await putAndWait(sim, filter, {
      location: 'westeurope',
      properties: { rules: [{ name: 'allow', properties: allow }] },
    });
    expectRefusal(
      await armRequest(sim, 'PUT', `${filter}/routeFilterRules/second`, { body: { properties: allow } }),
      400,
      'RouteFilterRuleLimitReached',
    );
    expectRefusal(
      await armRequest(sim, 'PUT', `${filter}/routeFilterRules/allow`, {
        body: { properties: { ...allow, access: 'Deny' } },
      }),
      400,
      'RouteFilterRuleAccessMustBeAllow',
    );
  });

  it('refuses deleting a route filter a Microsoft peering uses, and a filter in another region than the circuit', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.control.provision(CIRCUIT);
    const filter = networkPath(TEST_SUBSCRIPTION, RG, 'routeFilters', 'rf');
    const elsewhere = networkPath(TEST_SUBSCRIPTION, RG, 'routeFilters', 'rf-us');
    await putAndWait(sim, filter, { location: 'westeurope', properties: { rules: [] } });
    await putAndWait(sim, elsewhere, { location: 'eastus', properties: { rules: [] } });
    const peering = (routeFilter: string): unknown => ({
      properties: {
        peerASN: 64500,
        primaryPeerAddressPrefix: '203.0.113.0/30',
        secondaryPeerAddressPrefix: '203.0.113.4/30',
        vlanId: 200,
        microsoftPeeringConfig: { advertisedPublicPrefixes: ['203.0.113.128/27'], routingRegistryName: 'ARIN' },
        routeFilter: { id: routeFilter },
      },
    });
    expectRefusal(
      await armRequest(sim, 'PUT', `${CIRCUIT}/peerings/MicrosoftPeering`, { body: peering(elsewhere) }),
      400,
      'RouteFilterLocationMismatch',
    );
    await putAndWait(sim, `${CIRCUIT}/peerings/MicrosoftPeering`, peering(filter));
    expect((await armRequest(sim, 'GET', filter)).body.properties.peerings).toEqual([
      { id: `${CIRCUIT}/peerings/MicrosoftPeering` },
    ]);
    expectRefusal(await armRequest(sim, 'DELETE', filter), 400, 'InUseRouteFilterCannotBeDeleted');
  });
});

describe('two writes at once on one resource', () => {
  it('answers 429 RetryableErrorDueToAnotherOperation with Retry-After while a circuit operation runs', async () => {
    const manual = await startTestArmSimulator({ virtualTime: 'none' });
    try {
      manual.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const created = await armRequest(manual, 'PUT', CIRCUIT, { body: providerCircuitBody() });
      expect(created.status).toBe(201);
      const authorization = `${CIRCUIT}/authorizations/cust1`;
      const conflict = await armRequest(manual, 'PUT', authorization, { body: { properties: {} } });
      expectRefusal(conflict, 429, 'RetryableErrorDueToAnotherOperation');
      expect(conflict.headers['retry-after']).toBe('10');
      expect(conflict.body.error.message).toContain(String(created.headers['azure-asyncoperation']));
      expectRefusal(await armRequest(manual, 'DELETE', CIRCUIT), 429, 'RetryableErrorDueToAnotherOperation');
      expectRefusal(
        await armRequest(manual, 'PUT', CIRCUIT, { body: providerCircuitBody() }),
        429,
        'RetryableErrorDueToAnotherOperation',
      );
      expect((await armRequest(manual, 'GET', CIRCUIT)).status).toBe(200);
      expect(manual.control.get(authorization)).toBeUndefined();

      manual.clock.advanceBy(2 * 60_000);
      expect((await armRequest(manual, 'PUT', authorization, { body: { properties: {} } })).status).toBe(201);
      const peering = `${CIRCUIT}/peerings/AzurePrivatePeering`;
      manual.control.provision(CIRCUIT);
      expectRefusal(
        await armRequest(manual, 'PUT', peering, { body: PRIVATE_PEERING_BODY }),
        429,
        'RetryableErrorDueToAnotherOperation',
      );
    } finally {
      await manual.stop();
    }
  });

  it('locks a route table for its routes and an NSG for its rules; 409 AnotherOperationInProgress when configured', async () => {
    const strict = await startTestArmSimulator({ virtualTime: 'none', conflictStatus: 409 });
    try {
      strict.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const table = networkPath(TEST_SUBSCRIPTION, RG, 'routeTables', 'rt');
      const nsg = networkPath(TEST_SUBSCRIPTION, RG, 'networkSecurityGroups', 'nsg');
      await armRequest(strict, 'PUT', table, { body: { location: 'westeurope', properties: {} } });
      await armRequest(strict, 'PUT', nsg, { body: { location: 'westeurope', properties: {} } });
      expectRefusal(
        await armRequest(strict, 'PUT', `${table}/routes/r1`, {
          body: { properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'VnetLocal' } },
        }),
        409,
        'AnotherOperationInProgress',
      );
      const rule = {
        protocol: '*',
        access: 'Deny',
        direction: 'Inbound',
        priority: 300,
        sourcePortRange: '*',
        destinationPortRange: '*',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
      };
      expectRefusal(
        await armRequest(strict, 'PUT', `${nsg}/securityRules/deny`, { body: { properties: rule } }),
        409,
        'AnotherOperationInProgress',
      );
      strict.clock.advanceBy(20_000);
      expect(
        (await armRequest(strict, 'PUT', `${nsg}/securityRules/deny`, { body: { properties: rule } })).status,
      ).toBe(201);
    } finally {
      await strict.stop();
    }
  });

  it('with virtual time, says Retry-After 0 and lets the retry through once the blocking operation is over', async () => {
    await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
    const start = sim.clock.now();
    const authorization = `${CIRCUIT}/authorizations/cust1`;
    const conflict = await armRequest(sim, 'PUT', authorization, { body: { properties: {} } });
    expectRefusal(conflict, 429, 'RetryableErrorDueToAnotherOperation');
    expect(conflict.headers['retry-after']).toBe('0');
    expect(sim.clock.now()).toBe(start);
    const retry = await armRequest(sim, 'PUT', authorization, { body: { properties: {} } });
    expect(retry.status).toBe(201);
    expect(sim.clock.now()).toBe(start + 2 * 60_000);
  });
});
