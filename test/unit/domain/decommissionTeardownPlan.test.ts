/** The teardown plan (pure): order by the kind table, nothing that is not ours, kept with reasons, cost, digest. */
import { monthlyPriceUsd, PRICE_LIST_SOURCE } from '../../../shared/domain/circuitPricing';
import type { ResourceIntent, Scope } from '../../../shared/domain/intents';
import {
  KEPT_REASONS,
  planTeardownOf,
  TEARDOWN_PHASES,
  type InventoryItem,
  type TeardownInventory,
} from '../../../shared/domain/teardownPlan';

const CSP: Scope = { tenantId: 'csp', subscriptionId: 'sub-csp', resourceGroup: 'rg-er-contoso' };
const CUST: Scope = { tenantId: 'contoso', subscriptionId: 'sub-hub', resourceGroup: 'rg-net' };
const NET = 'providers/Microsoft.Network';
const circuitId = (leg: string) =>
  `/subscriptions/sub-csp/resourceGroups/rg-er-contoso/${NET}/expressRouteCircuits/er-contoso-${leg}`;
const ours = { 'managed-by': 'expressroute-csp', 'csp-customer': 'contoso' };

function item(intent: ResourceIntent, extra: Partial<InventoryItem['state']> = {}, managed = true): InventoryItem {
  return { intent, state: { provisioningState: 'Succeeded', managed, ...extra } };
}

function circuit(leg: 'a' | 'b'): InventoryItem {
  return item(
    {
      kind: 'circuit',
      id: circuitId(leg),
      name: `er-contoso-${leg}`,
      scope: CSP,
      leg,
      location: 'westeurope',
      tags: ours,
      sku: { tier: 'Standard', family: 'MeteredData' },
      serviceProviderName: 'Equinix',
      peeringLocation: leg === 'a' ? 'Amsterdam' : 'Amsterdam2',
      bandwidthMbps: 1000,
    },
    { serviceKey: `key-${leg}`, serviceProviderProvisioningState: 'Provisioned' },
  );
}

function peering(leg: 'a' | 'b', type: 'AzurePrivatePeering' | 'MicrosoftPeering'): InventoryItem {
  return item({
    kind: 'peering',
    id: `${circuitId(leg)}/peerings/${type}`,
    name: type,
    scope: CSP,
    circuitId: circuitId(leg),
    peeringType: type,
    peerAsn: 65010,
    primaryPeerAddressPrefix: '192.168.100.0/30',
    secondaryPeerAddressPrefix: '192.168.100.4/30',
    vlanId: 100,
  });
}

function topLevel(
  kind: 'routeTable' | 'nsg' | 'gateway' | 'connection',
  name: string,
  tags: Record<string, string>,
  managed = true,
): InventoryItem {
  const type = {
    routeTable: 'routeTables',
    nsg: 'networkSecurityGroups',
    gateway: 'virtualNetworkGateways',
    connection: 'connections',
  }[kind];
  const id = `/subscriptions/sub-hub/resourceGroups/rg-net/${NET}/${type}/${name}`;
  const base = { id, name, scope: CUST, location: 'westeurope', tags };
  switch (kind) {
    case 'routeTable':
      return item({ ...base, kind, disableBgpRoutePropagation: false, routes: [] }, {}, managed);
    case 'nsg':
      return item({ ...base, kind, rules: [] }, {}, managed);
    case 'gateway':
      return item({ ...base, kind, vnetId: 'vnet', sku: 'ErGw1AZ', existing: false }, {}, managed);
    case 'connection':
      return item(
        {
          ...base,
          kind,
          leg: 'a',
          gatewayId: `/subscriptions/sub-hub/resourceGroups/rg-net/${NET}/virtualNetworkGateways/ergw-hub`,
          circuitId: circuitId('a'),
          routingWeight: 0,
          fastPath: false,
        },
        {},
        managed,
      );
  }
}

function inventory(extra: Partial<TeardownInventory> = {}): TeardownInventory {
  return {
    customerId: 'contoso',
    owned: [
      circuit('b'),
      peering('a', 'AzurePrivatePeering'),
      topLevel('routeTable', 'rt-contoso', ours),
      circuit('a'),
      peering('a', 'MicrosoftPeering'),
      topLevel('connection', 'cn-hub-a', ours),
      topLevel('gateway', 'ergw-hub', ours),
    ],
    others: [
      topLevel('nsg', 'nsg-handmade', {}, false),
      topLevel('routeTable', 'rt-fabrikam', { 'managed-by': 'expressroute-csp', 'csp-customer': 'fabrikam' }),
    ],
    deleteGateways: false,
    ...extra,
  };
}

describe('planTeardownOf', () => {
  it('orders the steps by the kind table: connections … peerings (Microsoft first), provider, circuits', () => {
    const plan = planTeardownOf(inventory());
    expect(
      plan.steps.map((s) => (s.action === 'delete' ? `${s.phase}:${s.resource.name}` : `${s.phase}:${s.key}`)),
    ).toEqual([
      'connections:cn-hub-a',
      'routeTablesAndNsgs:rt-contoso',
      'peerings:MicrosoftPeering',
      'peerings:AzurePrivatePeering',
      'provider:request-deprovision:a',
      'provider:request-deprovision:b',
      'circuits:er-contoso-a',
      'circuits:er-contoso-b',
    ]);
    const phases = plan.steps.map((s) => TEARDOWN_PHASES.indexOf(s.phase));
    expect(phases).toEqual([...phases].sort((x, y) => x - y));
  });

  it('keeps what is not ours with the reason, and gateways unless asked for', () => {
    const plan = planTeardownOf(inventory());
    expect(plan.kept.map((k) => [k.id.split('/').pop(), k.reason])).toEqual([
      ['nsg-handmade', KEPT_REASONS.notManaged],
      ['rt-fabrikam', expect.stringMatching(/for customer fabrikam, not for contoso/)],
      ['ergw-hub', KEPT_REASONS.gatewaysNotRequested],
    ]);
    const withGateways = planTeardownOf(inventory({ deleteGateways: true }));
    expect(withGateways.steps.at(-1)).toMatchObject({ phase: 'gateways', resource: { name: 'ergw-hub' } });
  });

  it('keeps a gateway another connection still uses, even when gateways are to go', () => {
    const foreign = topLevel('connection', 'cn-vpn-branch', {}, false);
    const plan = planTeardownOf(inventory({ deleteGateways: true, others: [foreign] }));
    expect(plan.kept.find((k) => k.id.endsWith('/ergw-hub'))?.reason).toMatch(
      /still used by connection .*cn-vpn-branch/,
    );
  });

  it('prices the circuits and names the plan by a digest that changes with what exists, not with states', () => {
    const plan = planTeardownOf(inventory());
    expect(plan.monthlyCostUsd).toBe(2 * 436);
    expect(plan.circuits.map((c) => c.serviceKey)).toEqual(['key-a', 'key-b']);
    const states = inventory();
    const moved = planTeardownOf({
      ...states,
      owned: states.owned.map((o) =>
        o.intent.kind === 'circuit'
          ? { ...o, state: { ...o.state, serviceProviderProvisioningState: 'Deprovisioning' } }
          : o,
      ),
    });
    expect(moved.digest).toBe(plan.digest);
    const fewer = planTeardownOf({ ...states, owned: states.owned.filter((o) => o.intent.kind !== 'connection') });
    expect(fewer.digest).not.toBe(plan.digest);
    expect(plan.digest).toMatch(/^td-[0-9a-f]{16}$/);
  });
});

describe('circuit list prices', () => {
  it('prices the ladder per tier and family, undefined for what Azure does not sell, with its source', () => {
    expect(monthlyPriceUsd({ tier: 'Standard', family: 'MeteredData' }, 1000)).toBe(436);
    expect(monthlyPriceUsd({ tier: 'Premium', family: 'MeteredData' }, 1000)).toBeGreaterThan(436);
    expect(monthlyPriceUsd({ tier: 'Standard', family: 'UnlimitedData' }, 1000)).toBeGreaterThan(436);
    expect(monthlyPriceUsd({ tier: 'Local', family: 'MeteredData' }, 1000)).toBeUndefined();
    expect(monthlyPriceUsd({ tier: 'Local', family: 'UnlimitedData' }, 500)).toBeUndefined();
    expect(monthlyPriceUsd({ tier: 'Standard', family: 'MeteredData' }, 300)).toBeUndefined();
    expect(PRICE_LIST_SOURCE.url).toMatch(/^https:\/\/azure\.microsoft\.com\/.*pricing.*expressroute/);
    expect(PRICE_LIST_SOURCE.accuracy).toBe('approximate');
  });
});
