/**
 * Fixture comparison: each spec example the simulator covers is replayed against it (its ids, its request body,
 * with the parents and provider states it presumes seeded first) and the answer must have the example's status
 * family, the example's property names at every level (see fixtureComparison.ts for the allowed extras), and its
 * LRO headers. Not covered: ExpressRouteCircuitRouteTableSummaryList (the POST diagnostics are not simulated).
 */
import { DEFAULT_SERVICE_PROVIDERS } from '../../../local/arm';
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import { armRequest, namesOf, startTestArmSimulator } from '../../support/armSimulator';
import type { ArmExample, KeyComparisonOptions } from './fixtureComparison';
import { compareKeys, loadExample } from './fixtureComparison';
import { finish } from './topology';

const SUB = 'subid';
const RG = 'rg1';
const NETWORK = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;

let sim: TestArmSimulator;

beforeEach(async () => {
  sim = await startTestArmSimulator({
    serviceProviders: [
      ...DEFAULT_SERVICE_PROVIDERS,
      { name: 'providerName', peeringLocations: ['peeringLocation', 'peeringLocation1', 'peeringLocation2'] },
    ],
  });
  sim.control.seedResourceGroup(SUB, RG, 'westus');
});

afterEach(async () => {
  await sim.stop();
});

function call(method: string, path: string, body?: unknown): Promise<ArmHttpResponse> {
  return armRequest(sim, method, path, body === undefined ? {} : { body });
}

/** Waits for the operation a PUT or DELETE started (virtual time: the second poll finds it done). */
async function completed(response: ArmHttpResponse): Promise<ArmHttpResponse> {
  expect([200, 201, 202]).toContain(response.status);
  expect(await finish(sim, response)).toEqual({ status: 'Succeeded' });
  return response;
}

function parameter(example: ArmExample, name: string): string {
  const value = example.parameters[name];
  if (typeof value !== 'string') throw new Error(`example has no string parameter ${name}`);
  return value;
}

function requestBody(example: ArmExample, name: string): unknown {
  return example.parameters[name];
}

function responseBody(example: ArmExample, status: number): unknown {
  return example.responses[String(status)]?.body;
}

function expectLike(example: ArmExample, actual: ArmHttpResponse, options: KeyComparisonOptions = {}): void {
  expect(Object.keys(example.responses)).toContain(String(actual.status));
  const expected = example.responses[String(actual.status)];
  if (expected?.body !== undefined) expect(compareKeys(expected.body, actual.body, options)).toEqual([]);
  for (const header of Object.keys(expected?.headers ?? {})) {
    expect(actual.headers[header.toLowerCase()]).toEqual(expect.any(String));
  }
}

function expectPutLroHeaders(actual: ArmHttpResponse): void {
  expect(actual.headers['azure-asyncoperation']).toMatch(
    /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/[a-z0-9]+\/operations\/[0-9a-f-]{36}\?api-version=2024-07-01$/,
  );
  expect(actual.headers['retry-after']).toEqual(expect.any(String));
}

const circuitPath = (name: string): string => `${NETWORK}/expressRouteCircuits/${name}`;

async function createCircuit(name: string, body: unknown): Promise<ArmHttpResponse> {
  return completed(await call('PUT', circuitPath(name), body));
}

async function provisionedCircuit(name: string): Promise<void> {
  const example = loadExample('ExpressRouteCircuitCreate');
  await createCircuit(name, requestBody(example, 'parameters'));
  sim.control.provision(circuitPath(name));
}

async function gatewayWithConnection(): Promise<void> {
  await provisionedCircuit('circuitName');
  const peering = loadExample('ExpressRouteCircuitPeeringCreate');
  await completed(
    await call(
      'PUT',
      `${circuitPath('circuitName')}/peerings/AzurePrivatePeering`,
      requestBody(peering, 'peeringParameters'),
    ),
  );
  sim.control.seedVirtualNetwork(SUB, RG, 'vnet1', {
    location: 'westus',
    addressSpace: ['10.10.0.0/16'],
    subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }],
  });
  await completed(await call('PUT', `${NETWORK}/virtualNetworkGateways/ergw`, gatewayBody()));
  await completed(
    await call('PUT', `${NETWORK}/connections/conn1`, {
      location: 'westus',
      properties: {
        connectionType: 'ExpressRoute',
        virtualNetworkGateway1: { id: `${NETWORK}/virtualNetworkGateways/ergw` },
        peer: { id: circuitPath('circuitName') },
        routingWeight: 0,
      },
    }),
  );
}

/** The gateway the ScalableGatewayGet example shows, as a PUT body (read-only fields left out). */
function gatewayBody(): unknown {
  const example = loadExample('VirtualNetworkScalableGatewayGet');
  const shown = responseBody(example, 200) as { location: string; properties: Record<string, unknown> };
  const { provisioningState: _state, resourceGuid: _guid, ...properties } = shown.properties;
  return { location: shown.location, properties };
}

describe('ExpressRoute circuits', () => {
  it('ExpressRouteCircuitCreate: 201 on create, 200 on update, with Azure-AsyncOperation', async () => {
    const example = loadExample('ExpressRouteCircuitCreate');
    const created = await call(
      'PUT',
      circuitPath(parameter(example, 'circuitName')),
      requestBody(example, 'parameters'),
    );
    expect(created.status).toBe(201);
    expectLike(example, created);
    expectPutLroHeaders(created);
    await completed(created);
    const updated = await call(
      'PUT',
      circuitPath(parameter(example, 'circuitName')),
      requestBody(example, 'parameters'),
    );
    expect(updated.status).toBe(200);
    expectLike(example, updated);
    expectPutLroHeaders(updated);
  });

  it('ExpressRouteCircuitCreateOnExpressRoutePort (ER Direct: Provisioned from the start)', async () => {
    const example = loadExample('ExpressRouteCircuitCreateOnExpressRoutePort');
    const created = await call(
      'PUT',
      circuitPath(parameter(example, 'circuitName')),
      requestBody(example, 'parameters'),
    );
    expectLike(example, created);
    expectPutLroHeaders(created);
    expect(created.body.properties.serviceProviderProvisioningState).toBe('Provisioned');
  });

  it('ExpressRouteCircuitGet', async () => {
    const example = loadExample('ExpressRouteCircuitGet');
    const shown = responseBody(example, 200) as { properties: { serviceProviderProperties: unknown } };
    const create = requestBody(loadExample('ExpressRouteCircuitCreate'), 'parameters') as Record<string, unknown>;
    await createCircuit(parameter(example, 'circuitName'), {
      ...create,
      location: 'westus',
      properties: {
        serviceProviderProperties: shown.properties.serviceProviderProperties,
        allowClassicOperations: false,
      },
    });
    const got = await call('GET', circuitPath(parameter(example, 'circuitName')));
    expect(got.status).toBe(200);
    expectLike(example, got);
  });

  it('ExpressRouteCircuitListBySubscription (circuits with inline authorizations)', async () => {
    const example = loadExample('ExpressRouteCircuitListBySubscription');
    const create = requestBody(loadExample('ExpressRouteCircuitCreate'), 'parameters') as Record<string, unknown>;
    for (const [index, name] of ['circuitName1', 'circuitName2'].entries()) {
      await createCircuit(name, {
        ...create,
        location: 'westus',
        properties: {
          serviceProviderProperties: {
            serviceProviderName: 'providerName',
            peeringLocation: 'peeringLocation',
            bandwidthInMbps: 200,
          },
          allowClassicOperations: false,
          peerings: [],
          authorizations: [{ name: `MyAuthorization${index + 1}`, properties: {} }],
        },
      });
    }
    sim.control.provision(circuitPath('circuitName1'));
    const listed = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/expressRouteCircuits`);
    expect(listed.status).toBe(200);
    expect(listed.body.value).toHaveLength(2);
    expectLike(example, listed);
  });

  it('ExpressRouteCircuitDelete: 202 with Location, then 204 once gone', async () => {
    const example = loadExample('ExpressRouteCircuitDelete');
    await createCircuit('circuitName', requestBody(loadExample('ExpressRouteCircuitCreate'), 'parameters'));
    const deleted = await call('DELETE', circuitPath(parameter(example, 'circuitName')));
    expect(deleted.status).toBe(202);
    expectLike(example, deleted);
    await completed(deleted);
    const again = await call('DELETE', circuitPath(parameter(example, 'circuitName')));
    expect(again.status).toBe(204);
    expectLike(example, again);
  });

  it('ExpressRouteProviderList', async () => {
    const example = loadExample('ExpressRouteProviderList');
    const listed = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/expressRouteServiceProviders`);
    expectLike(example, listed);
    expect(listed.body.value[0].properties.bandwidthsOffered).toHaveLength(8);
  });
});

describe('authorizations and peerings', () => {
  it('ExpressRouteCircuitAuthorizationCreate and ExpressRouteCircuitAuthorizationGet', async () => {
    await createCircuit('circuitName', requestBody(loadExample('ExpressRouteCircuitCreate'), 'parameters'));
    const create = loadExample('ExpressRouteCircuitAuthorizationCreate');
    const path = `${circuitPath(parameter(create, 'circuitName'))}/authorizations/${parameter(create, 'authorizationName')}`;
    const created = await call('PUT', path, requestBody(create, 'authorizationParameters'));
    expect(created.status).toBe(201);
    expectLike(create, created);
    expectPutLroHeaders(created);
    await completed(created);
    const got = await call('GET', path);
    expectLike(loadExample('ExpressRouteCircuitAuthorizationGet'), got);
    expect(got.body.properties.authorizationKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ExpressRouteCircuitPeeringCreate (on a Provisioned circuit)', async () => {
    await provisionedCircuit('circuitName');
    const example = loadExample('ExpressRouteCircuitPeeringCreate');
    const shown = responseBody(example, 201) as { properties: { ipv6PeeringConfig: unknown } };
    const body = requestBody(example, 'peeringParameters') as { properties: Record<string, unknown> };
    const path = `${circuitPath(parameter(example, 'circuitName'))}/peerings/${parameter(example, 'peeringName')}`;
    const created = await call('PUT', path, {
      properties: { ...body.properties, ipv6PeeringConfig: shown.properties.ipv6PeeringConfig },
    });
    expect(created.status).toBe(201);
    // expressRouteConnection links a peering to a Virtual WAN ExpressRoute gateway, which is not simulated.
    expectLike(example, created, { missingAllowed: ['properties.expressRouteConnection'] });
    expectPutLroHeaders(created);
  });

  it('ExpressRouteCircuitPeeringDelete: 202 with Location', async () => {
    await provisionedCircuit('circuitName');
    const path = `${circuitPath('circuitName')}/peerings/AzurePrivatePeering`;
    await completed(
      await call('PUT', path, requestBody(loadExample('ExpressRouteCircuitPeeringCreate'), 'peeringParameters')),
    );
    const example = loadExample('ExpressRouteCircuitPeeringDelete');
    const deleted = await call('DELETE', path);
    expect(deleted.status).toBe(202);
    expectLike(example, deleted);
    const missing = await call('DELETE', `${circuitPath('circuitName')}/peerings/${parameter(example, 'peeringName')}`);
    expect(missing.status).toBe(204);
  });

  it('ExpressRouteCircuitPeeringGet (Microsoft peering with a route filter)', async () => {
    await provisionedCircuit('circuitName');
    await completed(
      await call('PUT', `${NETWORK}/routeFilters/filterName`, { location: 'Brazil South', properties: { rules: [] } }),
    );
    const example = loadExample('ExpressRouteCircuitPeeringGet_MicrosoftPeering');
    const shown = responseBody(example, 200) as { properties: Record<string, unknown> };
    const path = `${circuitPath('circuitName')}/peerings/MicrosoftPeering`;
    const {
      provisioningState: _state,
      azureASN: _asn,
      primaryAzurePort: _p,
      secondaryAzurePort: _s,
      ...properties
    } = shown.properties;
    await completed(await call('PUT', path, { properties }));
    const got = await call('GET', path);
    expect(got.status).toBe(200);
    expectLike(example, got);
    expect(got.body.properties.primaryAzurePort).toMatch(/^SIL-06GMR-CIS-\d-PRI-A$/);
  });
});

describe('route filters, route tables, NSGs', () => {
  it('RouteFilterCreate (rule inline)', async () => {
    const example = loadExample('RouteFilterCreate');
    const created = await call(
      'PUT',
      `${NETWORK}/routeFilters/${parameter(example, 'routeFilterName')}`,
      requestBody(example, 'routeFilterParameters'),
    );
    expect(created.status).toBe(201);
    expectLike(example, created);
    expectPutLroHeaders(created);
  });

  it('RouteFilterRuleCreate', async () => {
    const example = loadExample('RouteFilterRuleCreate');
    const filter = `${NETWORK}/routeFilters/${parameter(example, 'routeFilterName')}`;
    await completed(await call('PUT', filter, { location: 'westus', properties: { rules: [] } }));
    const created = await call(
      'PUT',
      `${filter}/routeFilterRules/${parameter(example, 'ruleName')}`,
      requestBody(example, 'routeFilterRuleParameters'),
    );
    expect(created.status).toBe(201);
    expectLike(example, created);
    expectPutLroHeaders(created);
  });

  it('RouteTableCreateWithRoute: 201 then 200', async () => {
    const example = loadExample('RouteTableCreateWithRoute');
    const path = `${NETWORK}/routeTables/${parameter(example, 'routeTableName')}`;
    const created = await call('PUT', path, requestBody(example, 'parameters'));
    expect(created.status).toBe(201);
    // The 201 example omits disableBgpRoutePropagation although its request set it; the 200 example shows it.
    expectLike(example, created, { extraKeys: ['disableBgpRoutePropagation'] });
    await completed(created);
    const updated = await call('PUT', path, requestBody(example, 'parameters'));
    expect(updated.status).toBe(200);
    expectLike(example, updated);
  });

  it('NetworkSecurityGroupCreateWithRule (with the six default rules)', async () => {
    const example = loadExample('NetworkSecurityGroupCreateWithRule');
    const created = await call(
      'PUT',
      `${NETWORK}/networkSecurityGroups/${parameter(example, 'networkSecurityGroupName')}`,
      requestBody(example, 'parameters'),
    );
    expect(created.status).toBe(201);
    expectLike(example, created);
    const shown = responseBody(example, 201) as { properties: { defaultSecurityRules: unknown } };
    expect(namesOf(created.body.properties.defaultSecurityRules)).toEqual(
      namesOf(shown.properties.defaultSecurityRules),
    );
  });

  it('NetworkSecurityGroupRuleCreate', async () => {
    const example = loadExample('NetworkSecurityGroupRuleCreate');
    const nsg = `${NETWORK}/networkSecurityGroups/${parameter(example, 'networkSecurityGroupName')}`;
    await completed(await call('PUT', nsg, { location: 'westus', properties: {} }));
    const created = await call(
      'PUT',
      `${nsg}/securityRules/${parameter(example, 'securityRuleName')}`,
      requestBody(example, 'securityRuleParameters'),
    );
    expect(created.status).toBe(201);
    expectLike(example, created);
    expectPutLroHeaders(created);
  });
});

describe('gateways and connections', () => {
  it('VirtualNetworkScalableGatewayGet', async () => {
    sim.control.seedVirtualNetwork(SUB, RG, 'vnet1', {
      location: 'centralus',
      addressSpace: ['10.10.0.0/16'],
      subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }],
    });
    const example = loadExample('VirtualNetworkScalableGatewayGet');
    const path = `${NETWORK}/virtualNetworkGateways/${parameter(example, 'virtualNetworkGatewayName')}`;
    const created = await call('PUT', path, gatewayBody());
    expectPutLroHeaders(created);
    await completed(created);
    const got = await call('GET', path);
    expect(got.status).toBe(200);
    expectLike(example, got);
    expect(got.body.properties.sku.capacity).toBe(2);
  });

  it('VirtualNetworkGatewayConnectionGet (an ExpressRoute connection against the S2S example)', async () => {
    await gatewayWithConnection();
    const example = loadExample('VirtualNetworkGatewayConnectionGet_S2S');
    const got = await call('GET', `${NETWORK}/connections/conn1`);
    expect(got.status).toBe(200);
    expectLike(example, got, {
      // The example is a site-to-site (IPsec) connection; these fields belong to IPsec connections only.
      missingAllowed: [
        'properties.localNetworkGateway2',
        'properties.connectionProtocol',
        'properties.dpdTimeoutSeconds',
        'properties.sharedKey',
        'properties.gatewayCustomBgpIpAddresses',
        'properties.connectionMode',
      ],
      // ExpressRoute connection fields (spec VirtualNetworkGatewayConnectionPropertiesFormat).
      extraKeys: ['peer', 'expressRouteGatewayBypass', 'enablePrivateLinkFastPath'],
    });
    expect(got.body.properties.connectionStatus).toBe('Connected');
  });

  it('VirtualNetworkGatewayConnectionDelete: 202 with Azure-AsyncOperation (and Location)', async () => {
    await gatewayWithConnection();
    const example = loadExample('VirtualNetworkGatewayConnectionDelete');
    const deleted = await call(
      'DELETE',
      `${NETWORK}/connections/${parameter(example, 'virtualNetworkGatewayConnectionName')}`,
    );
    expect(deleted.status).toBe(202);
    expectLike(example, deleted);
    expect(deleted.headers.location).toEqual(expect.any(String));
  });
});

describe('the key comparison itself', () => {
  it('reports missing and unexpected property names at any depth, and accepts ARM extras', () => {
    expect(compareKeys({ a: { b: 1, c: [{ d: 1 }] } }, { a: { c: [{ e: 1 }], f: 2, etag: 'x' } })).toEqual([
      'missing a.b',
      'missing a.c[].d',
      'extra a.c[].e',
      'extra a.f',
    ]);
    expect(compareKeys({ a: 1 }, { a: 2, type: 't' })).toEqual([]);
    expect(compareKeys({ a: { b: 1 } }, {}, { missingAllowed: ['a'] })).toEqual([]);
  });
});
