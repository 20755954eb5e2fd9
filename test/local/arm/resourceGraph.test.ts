/**
 * The simulator's Resource Graph: the KQL subset parsed for real (and refused outside it with ARM's error shape),
 * paging by skip token, quota headers, tenant scoping; and the inventory adapter (`@azure/arm-resourcegraph`) reading
 * it page by page, with no authorization key in what it returns.
 */
import type { JsonObject } from '../../../local/arm/json';
import { runQuery } from '../../../local/arm/resourceGraph/evaluate';
import { KqlError, parseKql } from '../../../local/arm/resourceGraph/kql';
import { FakeTenantCredentialProvider, encodeUnsignedJwt } from '../../../shared/adapters/identity';
import { ResourceGraphInventory } from '../../../shared/adapters/resourcegraph/resourceGraphInventory';
import { inventoryQuery } from '../../../shared/adapters/resourcegraph/queries';
import { InventoryTypes } from '../../../shared/ports/inventory';
import { armRequest, startTestArmSimulator, type TestArmSimulator } from '../../support/armSimulator';

const SUB_A = '2a000000-0000-0000-0000-00000000000a';
const SUB_B = '2b000000-0000-0000-0000-00000000000b';
const TENANT_A = 'aaaaaaaa-0000-0000-0000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-0000-0000-00000000000b';

describe('KQL subset parser', () => {
  const rows: JsonObject[] = [
    {
      id: '/x/1',
      type: 'microsoft.network/routetables',
      name: 'rt-Contoso',
      tags: { 'csp-customer': 'contoso' },
      n: 2,
    },
    { id: '/x/2', type: 'Microsoft.Network/networkSecurityGroups', name: 'nsg-fabrikam', tags: {}, n: 1 },
    {
      id: '/x/3',
      type: 'microsoft.network/expressroutecircuits',
      name: 'er-contoso-a',
      tags: { 'csp-customer': 'CONTOSO' },
      n: 3,
    },
  ];

  it('evaluates where (==, =~, in~, has, and/or), extend with tostring/tolower, project, order by and limit', () => {
    const query = parseKql(`Resources
      | where type in~ ('microsoft.network/routetables', 'microsoft.network/expressroutecircuits') and (name has 'contoso' or n == 9)
      | extend customer = tolower(tostring(tags['csp-customer']))
      | where customer =~ 'contoso'
      | project id, customer, kind = type
      | order by id desc
      | limit 5`);
    expect(runQuery(query, rows)).toEqual([
      { id: '/x/3', customer: 'contoso', kind: 'microsoft.network/expressroutecircuits' },
      { id: '/x/1', customer: 'contoso', kind: 'microsoft.network/routetables' },
    ]);
    // `==` is case-sensitive, `=~` is not; `has` matches whole terms only.
    expect(runQuery(parseKql("Resources | where name == 'RT-contoso'"), rows)).toHaveLength(0);
    expect(runQuery(parseKql("Resources | where name =~ 'RT-contoso'"), rows)).toHaveLength(1);
    expect(runQuery(parseKql("Resources | where name has 'contos'"), rows)).toHaveLength(0);
    expect(runQuery(parseKql('Resources | order by n asc | limit 1 | project name'), rows)).toEqual([
      { name: 'nsg-fabrikam' },
    ]);
  });

  it.each([
    ['Resources | summarize count() by type', "operator 'summarize' is outside the supported subset"],
    ['Resources | mv-expand p = properties.peerings', "operator 'mv-expand' is outside"],
    ["Resources | where name contains 'x'", "operator 'contains' is outside"],
    ["Resources | where name != 'x'", "operator '!=' is outside"],
    ['Resources | extend x = toint(n)', "function 'toint' is outside"],
    ['ResourceContainers | limit 1', "table 'ResourceContainers' is not supported"],
    ["Resources | where name == 'x", 'unterminated string literal'],
  ])('refuses %s', (text, message) => {
    expect(() => parseKql(text)).toThrow(KqlError);
    expect(() => parseKql(text)).toThrow(message);
  });
});

describe('Resource Graph in the ARM simulator', () => {
  let simulator: TestArmSimulator;

  beforeAll(async () => {
    simulator = await startTestArmSimulator();
    for (const [subscription, tenant] of [
      [SUB_A, TENANT_A],
      [SUB_B, TENANT_B],
    ] as const) {
      simulator.control.setSubscriptionTenant(subscription, tenant);
      simulator.control.seedResourceGroup(subscription, 'rg-net', 'westeurope');
    }
    const seeds = [];
    for (let index = 0; index < 250; index += 1) {
      seeds.push({
        id: `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-${String(index).padStart(3, '0')}`,
        kind: 'routeTable' as const,
        type: 'Microsoft.Network/routeTables',
        name: `rt-${String(index).padStart(3, '0')}`,
        subscriptionId: SUB_A,
        resourceGroup: 'rg-net',
        location: 'westeurope',
        tags: { 'managed-by': 'expressroute-csp', 'csp-customer': 'contoso' },
        properties: { disableBgpRoutePropagation: true },
      });
    }
    const circuitId = `/subscriptions/${SUB_B}/resourceGroups/rg-net/providers/Microsoft.Network/expressRouteCircuits/er-b`;
    seeds.push(
      {
        id: circuitId,
        kind: 'expressRouteCircuit' as const,
        type: 'Microsoft.Network/expressRouteCircuits',
        name: 'er-b',
        subscriptionId: SUB_B,
        resourceGroup: 'rg-net',
        location: 'westeurope',
        tags: {},
        properties: {
          serviceProviderProperties: { bandwidthInMbps: 1000 },
          serviceProviderProvisioningState: 'NotProvisioned',
        },
      },
      {
        id: `${circuitId}/authorizations/auth-1`,
        kind: 'authorization' as const,
        type: 'Microsoft.Network/expressRouteCircuits/authorizations',
        name: 'auth-1',
        subscriptionId: SUB_B,
        resourceGroup: 'rg-net',
        parentId: circuitId,
        properties: { authorizationKey: 'secret-authorization-key-value' },
      },
    );
    simulator.control.outOfBand.seedResources(seeds);
  });

  afterAll(async () => {
    await simulator.stop();
  });

  function token(tenantId: string): string {
    return encodeUnsignedJwt({
      tid: tenantId,
      oid: 'sweeper',
      aud: 'https://management.azure.com',
      iat: 0,
      exp: 4102444800,
    });
  }

  it('pages by $skipToken, reports the quota, and scopes rows to the caller tenant', async () => {
    const query = "Resources | where type =~ 'microsoft.network/routetables' | project id | order by id asc";
    const first = await armRequest(simulator, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2021-03-01',
      token: token(TENANT_A),
      body: { subscriptions: [SUB_A, SUB_B], query, options: { $top: 100 } },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ totalRecords: 250, count: 100, resultTruncated: 'false' });
    expect(first.headers['x-ms-user-quota-remaining']).toBe('14');
    expect(first.headers['x-ms-user-quota-resets-after']).toMatch(/^00:00:0[1-5]$/);
    const second = await armRequest(simulator, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2021-03-01',
      token: token(TENANT_A),
      body: { subscriptions: [SUB_A, SUB_B], query, options: { $top: 200, $skipToken: first.body.$skipToken } },
    });
    expect(second.body).toMatchObject({ count: 150 });
    expect(second.body.$skipToken).toBeUndefined();
    expect(second.body.data[0].id).toMatch(/rt-100$/);
    // Tenant A's token sees nothing of tenant B's subscription.
    const other = await armRequest(simulator, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2021-03-01',
      token: token(TENANT_A),
      body: { subscriptions: [SUB_B], query: 'Resources | project id' },
    });
    expect(other.body).toMatchObject({ totalRecords: 0 });
    // A token from another query's context is refused.
    const stolen = await armRequest(simulator, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2021-03-01',
      token: token(TENANT_A),
      body: { subscriptions: [SUB_A], query: 'Resources | project id', options: { $skipToken: first.body.$skipToken } },
    });
    expect(stolen.status).toBe(400);
  });

  it('refuses a query outside the subset with ARM error shape, naming the parser failure', async () => {
    const answer = await armRequest(simulator, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2021-03-01',
      token: token(TENANT_A),
      body: { subscriptions: [SUB_A], query: 'Resources | summarize count() by type' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BadRequest');
    expect(answer.body.error.details).toEqual([
      expect.objectContaining({ code: 'InvalidQuery' }),
      expect.objectContaining({ code: 'ParserFailure', line: 1, characterPositionInLine: 13, token: 'summarize' }),
    ]);
  });

  it('the inventory adapter follows skip tokens through @azure/arm-resourcegraph and never returns a key', async () => {
    const inventory = new ResourceGraphInventory({
      endpoint: simulator.endpoint,
      caPem: simulator.caPem,
      credentials: new FakeTenantCredentialProvider(),
      scopeCheck: 'delegated',
      pageSize: 100,
    });
    simulator.control.resourceGraph.setManagingTenant(TENANT_A);
    const pages = [];
    for await (const page of inventory.resources([{ tenantId: TENANT_A, subscriptionIds: [SUB_A, SUB_B] }])) {
      pages.push(page.resources.length);
    }
    simulator.control.resourceGraph.setManagingTenant(undefined);
    expect(pages).toEqual([100, 100, 51]);
    expect(inventory.statistics()).toEqual({ queries: 3, rows: 251 });
    const [circuit] = await inventory.circuitsByIds(
      [{ tenantId: TENANT_B, subscriptionIds: [SUB_B] }],
      [`/subscriptions/${SUB_B}/resourceGroups/rg-net/providers/Microsoft.Network/expressRouteCircuits/er-b`],
    );
    expect(circuit?.type).toBe(InventoryTypes.circuit);
    expect(circuit?.properties.authorizations).toEqual([
      expect.objectContaining({
        name: 'auth-1',
        properties: expect.objectContaining({ authorizationUseStatus: 'Available' }),
      }),
    ]);
    expect(JSON.stringify(circuit)).not.toContain('secret-authorization-key-value');
    expect(inventoryQuery({ customerIds: ["o'brien"] })).toContain("in~ ('o\\'brien')");
  });
});
