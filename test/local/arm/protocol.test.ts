/**
 * ARM conventions the simulator keeps: authentication and api-version, resource groups that must exist,
 * case-insensitive ids, 404 shapes, tags and etags, lists, and inline child collections replaced by a parent PUT.
 */
import type { TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  namesOf,
  CUSTOMER_SUBSCRIPTION,
  PRIVATE_PEERING_BODY,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { customerHub, networkPath, putAndWait } from './topology';

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

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.signature`;
}

describe('authentication and api-version', () => {
  it('answers 401 AuthenticationFailed without a Bearer token, and accepts any token', async () => {
    const anonymous = await armRequest(sim, 'GET', CIRCUIT, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('AuthenticationFailed');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(
      (await armRequest(sim, 'GET', CIRCUIT, { headers: { Authorization: 'Basic abc' }, token: null })).status,
    ).toBe(401);
    expect((await armRequest(sim, 'GET', CIRCUIT, { token: 'anything-at-all' })).status).toBe(404);
  });

  it('answers 401 InvalidAuthenticationTokenTenant for a token from another tenant than the subscription’s', async () => {
    sim.control.setSubscriptionTenant(TEST_SUBSCRIPTION, 'tenant-csp');
    const wrong = await armRequest(sim, 'GET', CIRCUIT, { token: jwt({ tid: 'tenant-customer' }) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('InvalidAuthenticationTokenTenant');
    expect((await armRequest(sim, 'GET', CIRCUIT, { token: jwt({ tid: 'tenant-csp' }) })).status).toBe(404);
  });

  it('answers 400 MissingApiVersionParameter without api-version', async () => {
    const response = await armRequest(sim, 'GET', CIRCUIT, { apiVersion: null });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'MissingApiVersionParameter', message: expect.stringContaining('api-version'), details: [] },
    });
  });

  it('answers 400 InvalidRequestContent for a body that is not JSON', async () => {
    const response = await armRequest(sim, 'PUT', CIRCUIT, { rawBody: '{"location": "westeurope",' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('InvalidRequestContent');
  });
});

describe('resource groups', () => {
  it('refuses a PUT into a resource group that does not exist (404 ResourceGroupNotFound), creating nothing', async () => {
    const response = await armRequest(sim, 'PUT', circuitId(TEST_SUBSCRIPTION, 'rg-missing', 'er-x'), {
      body: providerCircuitBody(),
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ResourceGroupNotFound');
    expect(response.body.error.message).toContain('rg-missing');
    expect(sim.control.get(`/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-missing`)).toBeUndefined();
  });

  it('creates (201), reads, updates (200), lists and deletes a resource group with its contents', async () => {
    const path = `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourcegroups/rg-new`;
    const created = await armRequest(sim, 'PUT', path, { body: { location: 'West Europe', tags: { a: '1' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'rg-new',
      location: 'westeurope',
      tags: { a: '1' },
      properties: { provisioningState: 'Succeeded' },
    });
    expect((await armRequest(sim, 'PUT', path, { body: { location: 'westeurope' } })).status).toBe(200);
    expect((await armRequest(sim, 'GET', path)).status).toBe(200);
    const listed = await armRequest(sim, 'GET', `/subscriptions/${CUSTOMER_SUBSCRIPTION}/resourcegroups`);
    expect(namesOf(listed.body.value)).toEqual(['rg-new']);

    await putAndWait(sim, networkPath(CUSTOMER_SUBSCRIPTION, 'rg-new', 'routeTables', 'rt'), {
      location: 'westeurope',
      properties: {},
    });
    const deleted = await armRequest(sim, 'DELETE', path);
    expect(deleted.status).toBe(202);
    expect((await armRequest(sim, 'GET', String(deleted.headers.location))).status).toBe(202);
    expect((await armRequest(sim, 'GET', String(deleted.headers.location))).status).toBe(204);
    expect((await armRequest(sim, 'GET', path)).status).toBe(404);
    expect(sim.control.get(networkPath(CUSTOMER_SUBSCRIPTION, 'rg-new', 'routeTables', 'rt'))).toBeUndefined();
  });
});

describe('reads', () => {
  it('404 ResourceNotFound for a missing resource, ParentResourceNotFound naming a missing parent, 204 deleting either', async () => {
    const missing = await armRequest(sim, 'GET', CIRCUIT);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'ResourceNotFound',
      message: expect.stringContaining("'Microsoft.Network/expressRouteCircuits/er-a' under resource group 'rg-er'"),
      details: [],
    });
    const orphan = await armRequest(sim, 'GET', `${CIRCUIT}/peerings/AzurePrivatePeering`);
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.code).toBe('ParentResourceNotFound');
    expect(orphan.body.error.message).toContain("'er-a'");
    const orphanPut = await armRequest(sim, 'PUT', `${CIRCUIT}/authorizations/a1`, { body: { properties: {} } });
    expect(orphanPut.body.error.code).toBe('ParentResourceNotFound');
    expect((await armRequest(sim, 'DELETE', CIRCUIT)).status).toBe(204);
    expect((await armRequest(sim, 'DELETE', `${CIRCUIT}/peerings/AzurePrivatePeering`)).status).toBe(204);
  });

  it('matches paths case-insensitively and keeps the id as first written', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    const shouted = await armRequest(sim, 'GET', CIRCUIT.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
    expect(shouted.status).toBe(200);
    expect(shouted.body.id).toBe(CIRCUIT);
    const update = await armRequest(sim, 'PUT', CIRCUIT.toLowerCase(), {
      body: providerCircuitBody({ bandwidthInMbps: 2000 }),
    });
    expect(update.status).toBe(200);
    expect(update.body.id).toBe(CIRCUIT);
  });

  it('lists by resource group and by subscription', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.control.seedResourceGroup(TEST_SUBSCRIPTION, 'rg-b', 'northeurope');
    await putAndWait(
      sim,
      circuitId(TEST_SUBSCRIPTION, 'rg-b', 'er-b'),
      providerCircuitBody({ peeringLocation: 'Amsterdam2' }),
    );
    const inGroup = await armRequest(
      sim,
      'GET',
      `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/expressRouteCircuits`,
    );
    expect(namesOf(inGroup.body.value)).toEqual(['er-a']);
    const inSubscription = await armRequest(
      sim,
      'GET',
      `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Network/expressRouteCircuits`,
    );
    expect(namesOf(inSubscription.body.value)).toEqual(['er-a', 'er-b']);
    const children = await armRequest(sim, 'GET', `${CIRCUIT}/authorizations`);
    expect(children.body).toEqual({ value: [] });
  });
});

describe('tags and etags', () => {
  it('keeps tags, replaces them on PUT (none sent: none kept), and PATCH changes only tags', async () => {
    const first = await putAndWait(sim, CIRCUIT, providerCircuitBody());
    expect(first.body.tags).toEqual({ 'managed-by': 'expressroute-csp' });
    const patched = await armRequest(sim, 'PATCH', CIRCUIT, {
      body: { tags: { 'managed-by': 'expressroute-csp', leg: 'a' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.tags).toEqual({ 'managed-by': 'expressroute-csp', leg: 'a' });
    expect(patched.body.etag).not.toBe(first.body.etag);
    const { tags: _tags, ...untagged } = providerCircuitBody();
    const replaced = await putAndWait(sim, CIRCUIT, untagged);
    expect(replaced.body.tags).toBeUndefined();
  });

  it('refuses a location change with 400 InvalidResourceLocation', async () => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    const moved = await armRequest(sim, 'PUT', CIRCUIT, {
      body: { ...providerCircuitBody(), location: 'northeurope' },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('InvalidResourceLocation');
  });
});

describe('inline child collections (a PUT replaces them)', () => {
  async function circuitWithChildren(): Promise<void> {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.control.provision(CIRCUIT);
    await putAndWait(sim, `${CIRCUIT}/peerings/AzurePrivatePeering`, PRIVATE_PEERING_BODY);
    await putAndWait(sim, `${CIRCUIT}/authorizations/auth-1`, { properties: {} });
  }

  it('a circuit PUT that omits peerings/authorizations, or sends [], deletes them', async () => {
    await circuitWithChildren();
    const body = providerCircuitBody();
    const { peerings: _p, authorizations: _a, ...withoutChildren } = body.properties;
    await putAndWait(sim, CIRCUIT, { ...body, properties: withoutChildren });
    expect((await armRequest(sim, 'GET', `${CIRCUIT}/peerings/AzurePrivatePeering`)).status).toBe(404);
    expect((await armRequest(sim, 'GET', `${CIRCUIT}/authorizations/auth-1`)).status).toBe(404);

    await circuitWithChildren();
    const emptied = await putAndWait(sim, CIRCUIT, providerCircuitBody());
    expect(emptied.body.properties.peerings).toEqual([]);
    expect(emptied.body.properties.authorizations).toEqual([]);
  });

  it('GET → change one field → PUT the whole body keeps the children (and their keys)', async () => {
    await circuitWithChildren();
    const before = await armRequest(sim, 'GET', CIRCUIT);
    const key = before.body.properties.authorizations[0].properties.authorizationKey;
    before.body.properties.serviceProviderProperties.bandwidthInMbps = 2000;
    const after = await putAndWait(sim, CIRCUIT, before.body);
    expect(namesOf(after.body.properties.peerings)).toEqual(['AzurePrivatePeering']);
    expect(after.body.properties.authorizations[0].properties.authorizationKey).toBe(key);
    expect(after.body.properties.serviceKey).toBe(before.body.properties.serviceKey);
    expect(after.body.properties.serviceProviderProperties.bandwidthInMbps).toBe(2000);
  });

  it('route table routes, NSG rules and VNet subnets are replaced the same way', async () => {
    const table = networkPath(TEST_SUBSCRIPTION, RG, 'routeTables', 'rt');
    await putAndWait(sim, table, {
      location: 'westeurope',
      properties: { routes: [{ name: 'r1', properties: { addressPrefix: '10.0.0.0/8', nextHopType: 'VnetLocal' } }] },
    });
    expect((await putAndWait(sim, table, { location: 'westeurope', properties: {} })).body.properties.routes).toEqual(
      [],
    );

    const nsg = networkPath(TEST_SUBSCRIPTION, RG, 'networkSecurityGroups', 'nsg');
    const rule = {
      protocol: 'Tcp',
      access: 'Deny',
      priority: 200,
      direction: 'Outbound',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: 'Internet',
    };
    await putAndWait(sim, nsg, {
      location: 'westeurope',
      properties: { securityRules: [{ name: 'deny-internet', properties: rule }] },
    });
    expect((await armRequest(sim, 'GET', `${nsg}/securityRules/deny-internet`)).status).toBe(200);
    const cleared = await putAndWait(sim, nsg, { location: 'westeurope', properties: { securityRules: [] } });
    expect(cleared.body.properties.securityRules).toEqual([]);
    expect(cleared.body.properties.defaultSecurityRules).toHaveLength(6);

    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub', { gateway: false });
    const vnet = await putAndWait(sim, hub.vnetId, {
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
    });
    expect(vnet.body.properties.subnets).toEqual([]);
    expect((await armRequest(sim, 'GET', hub.workloadSubnetId)).status).toBe(404);
  });

  it('a subnet PUT replaces the subnet: leaving out routeTable removes the association', async () => {
    const hub = await customerHub(sim, CUSTOMER_SUBSCRIPTION, 'rg-hub', { gateway: false });
    const table = networkPath(CUSTOMER_SUBSCRIPTION, 'rg-hub', 'routeTables', 'rt');
    await putAndWait(sim, table, { location: 'westeurope', properties: {} });
    await putAndWait(sim, hub.workloadSubnetId, {
      properties: { addressPrefix: '10.1.1.0/24', routeTable: { id: table } },
    });
    expect((await armRequest(sim, 'GET', table)).body.properties.subnets).toEqual([{ id: hub.workloadSubnetId }]);
    await putAndWait(sim, hub.workloadSubnetId, { properties: { addressPrefix: '10.1.1.0/24' } });
    expect((await armRequest(sim, 'GET', table)).body.properties.subnets).toBeUndefined();
  });
});
