/**
 * The findings diff, rule by rule: a customer's desired intents against rows shaped as the Resource Graph inventory
 * projects them. The observed estate starts as an exact image of the desired one (no finding), then each test changes
 * one thing and expects its code. The acceptance sweep (test/orchestrations/sweep.test.ts) covers the rest end to end.
 */
import {
  DEFAULT_REPAIR_POLICY,
  FINDING_CODE_NAMES,
  parseRepairPolicy,
  type Finding,
} from '../../../shared/domain/findings';
import {
  DEFAULT_FINDING_THRESHOLDS,
  customerFindings,
  type ObservedResource,
} from '../../../shared/domain/findingsDiff';
import { monthlyPriceUsd } from '../../../shared/domain/circuitPricing';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { repairsFor } from '../../../shared/services/complianceSweep';
import { validConnectToSpec } from '../../support/specs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4);
const spec = validConnectToSpec();
const desired = deriveTopology(spec, { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' }).resources;

type Row = { -readonly [K in keyof ObservedResource]: ObservedResource[K] } & { properties: Record<string, unknown> };

function of<K extends ResourceIntent['kind']>(kind: K, index = 0): Extract<ResourceIntent, { kind: K }> {
  const found = desired.filter((intent): intent is Extract<ResourceIntent, { kind: K }> => intent.kind === kind)[index];
  if (found === undefined) throw new Error(`no ${kind} #${index}`);
  return found;
}

/** The estate exactly as desired, as Resource Graph rows. */
function image(): Map<string, Row> {
  const rows = new Map<string, Row>();
  const row = (intent: ResourceIntent, type: string, properties: Record<string, unknown>, extra: Partial<Row> = {}) => {
    rows.set(intent.id.toLowerCase(), {
      id: intent.id,
      type,
      name: intent.name,
      subscriptionId: intent.scope.subscriptionId,
      resourceGroup: intent.scope.resourceGroup.toLowerCase(),
      location: 'location' in intent ? intent.location : '',
      tags: 'tags' in intent ? { ...intent.tags } : {},
      properties: { provisioningState: 'Succeeded', ...properties },
      ...extra,
    });
  };
  const vnetRow = (vnetId: string): Row => {
    const key = vnetId.toLowerCase();
    let vnet = rows.get(key);
    if (vnet === undefined) {
      vnet = {
        id: vnetId,
        type: 'microsoft.network/virtualnetworks',
        name: vnetId.split('/').pop() ?? '',
        subscriptionId: vnetId.split('/')[2] ?? '',
        resourceGroup: '',
        location: '',
        tags: {},
        properties: { subnets: [{ name: 'GatewaySubnet', id: `${vnetId}/subnets/GatewaySubnet`, properties: {} }] },
      };
      rows.set(key, vnet);
    }
    return vnet;
  };
  for (const intent of desired) {
    switch (intent.kind) {
      case 'circuit':
        row(
          intent,
          'microsoft.network/expressroutecircuits',
          {
            serviceProviderProperties: {
              peeringLocation: intent.peeringLocation,
              bandwidthInMbps: intent.bandwidthMbps,
            },
            serviceProviderProvisioningState: 'Provisioned',
            peerings: [],
            authorizations: [],
          },
          { sku: { tier: intent.sku.tier, family: intent.sku.family } },
        );
        break;
      case 'peering':
      case 'authorization': {
        const circuit = rows.get(intent.circuitId.toLowerCase());
        const list = circuit?.properties[intent.kind === 'peering' ? 'peerings' : 'authorizations'];
        if (Array.isArray(list))
          list.push({
            name: intent.name,
            id: intent.id,
            properties: intent.kind === 'peering' ? { state: 'Enabled' } : { authorizationUseStatus: 'InUse' },
          });
        break;
      }
      case 'connection':
        row(intent, 'microsoft.network/connections', { connectionStatus: 'Connected' });
        break;
      case 'routeTable':
        row(intent, 'microsoft.network/routetables', {
          routes: intent.routes.map(({ name, ...properties }) => ({ name, properties })),
        });
        break;
      case 'nsg':
        row(intent, 'microsoft.network/networksecuritygroups', {
          securityRules: intent.rules.map(({ name, ...properties }) => ({ name, properties })),
        });
        break;
      case 'gateway':
        vnetRow(intent.vnetId);
        row(intent, 'microsoft.network/virtualnetworkgateways', {});
        break;
      case 'routeFilter':
        row(intent, 'microsoft.network/routefilters', {});
        break;
      case 'subnetAssociation': {
        const subnets = vnetRow(intent.vnetId).properties.subnets as unknown[];
        subnets.push({
          name: intent.name,
          id: intent.id,
          properties: {
            ...(intent.routeTableId ? { routeTable: { id: intent.routeTableId } } : {}),
            ...(intent.nsgId ? { networkSecurityGroup: { id: intent.nsgId } } : {}),
          },
        });
        break;
      }
      default:
        break;
    }
  }
  return rows;
}

function findings(rows: Map<string, Row>, firstSeen: (key: string) => number | undefined = () => undefined): Finding[] {
  return [
    ...customerFindings({
      customerId: spec.customer.id,
      desired,
      observed: [...rows.values()],
      firstSeen,
      now: NOW,
      thresholds: DEFAULT_FINDING_THRESHOLDS,
      monthlyPriceUsd,
    }).findings,
  ];
}

function codes(rows: Map<string, Row>): string[] {
  return findings(rows)
    .map((finding) => finding.code)
    .sort();
}

function rowOf(intent: ResourceIntent): Row {
  const row = image().get(intent.id.toLowerCase());
  if (row === undefined) throw new Error(`no row for ${intent.id}`);
  return row;
}

describe('findings diff', () => {
  it('finds nothing when Azure is exactly as desired', () => {
    expect(findings(image())).toEqual([]);
  });

  it.each<[string, (rows: Map<string, Row>) => void]>([
    ['CircuitMissing', (rows) => rows.delete(of('circuit').id.toLowerCase())],
    [
      'CircuitSkuChanged',
      (rows) => {
        rowOf(of('circuit'));
        const row = rows.get(of('circuit').id.toLowerCase());
        if (row) row.sku = { tier: 'Premium', family: 'MeteredData' };
      },
    ],
    [
      'CircuitsShareLocation',
      (rows) => {
        const a = rows.get(of('circuit', 0).id.toLowerCase());
        const b = rows.get(of('circuit', 1).id.toLowerCase());
        if (a && b) b.properties.serviceProviderProperties = a.properties.serviceProviderProperties;
      },
    ],
    ['ConnectionMissing', (rows) => rows.delete(of('connection').id.toLowerCase())],
    ['ResourceMissing', (rows) => rows.delete(of('routeTable').id.toLowerCase())],
    [
      'PeeringMissing',
      (rows) => {
        const row = rows.get(of('circuit').id.toLowerCase());
        if (row) row.properties.peerings = [];
      },
    ],
    [
      'RouteAdded',
      (rows) => {
        const row = rows.get(of('routeTable').id.toLowerCase());
        (row?.properties.routes as unknown[]).push({
          name: 'by-hand',
          properties: { addressPrefix: '10.9.0.0/16', nextHopType: 'None' },
        });
      },
    ],
    [
      'RouteChanged',
      (rows) => {
        const row = rows.get(of('routeTable').id.toLowerCase());
        const [first] = row?.properties.routes as { properties: Record<string, unknown> }[];
        if (first) first.properties = { ...first.properties, addressPrefix: '10.250.0.0/16' };
      },
    ],
    [
      'NsgRuleRemoved',
      (rows) => {
        const row = rows.get(of('nsg').id.toLowerCase());
        if (row) row.properties.securityRules = (row.properties.securityRules as unknown[]).slice(1);
      },
    ],
    [
      'NsgRuleChanged',
      (rows) => {
        const row = rows.get(of('nsg').id.toLowerCase());
        const [first] = row?.properties.securityRules as { properties: Record<string, unknown> }[];
        if (first) first.properties = { ...first.properties, access: 'Deny', priority: 4095 };
      },
    ],
    [
      'GatewaySubnetDefaultRoute',
      (rows) => {
        const table = of('routeTable');
        const vnet = rows.get(of('gateway').vnetId.toLowerCase());
        const [gatewaySubnet] = vnet?.properties.subnets as { properties: Record<string, unknown> }[];
        if (gatewaySubnet) gatewaySubnet.properties = { routeTable: { id: table.id } };
        const row = rows.get(table.id.toLowerCase());
        (row?.properties.routes as unknown[]).push({
          name: 'default',
          properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' },
        });
      },
    ],
  ])('%s', (code, change) => {
    const rows = image();
    change(rows);
    expect(codes(rows)).toContain(code);
  });

  it('reports an unused authorization and a circuit billed while NotProvisioned only once they have lasted past the threshold, with the cost so far', () => {
    const rows = image();
    const circuit = rows.get(of('circuit').id.toLowerCase());
    if (circuit === undefined) throw new Error('no circuit row');
    circuit.properties.serviceProviderProvisioningState = 'NotProvisioned';
    for (const authorization of circuit.properties.authorizations as { properties: Record<string, unknown> }[]) {
      authorization.properties = { authorizationUseStatus: 'Available' };
    }
    expect(codes(rows)).not.toContain('CircuitBilledNotProvisioned');
    expect(codes(rows)).not.toContain('AuthorizationUnused');
    const old = findings(rows, () => NOW - 45 * DAY);
    const billed = old.find((finding) => finding.code === 'CircuitBilledNotProvisioned');
    const monthly = monthlyPriceUsd(of('circuit').sku, of('circuit').bandwidthMbps) ?? 0;
    expect(billed?.detail).toMatchObject({ days: 45, costSoFarUsd: Math.round((monthly * 45) / 30) });
    expect(old.map((finding) => finding.code)).toContain(
      desired.some((i) => i.kind === 'authorization') ? 'AuthorizationUnused' : 'CircuitBilledNotProvisioned',
    );
  });

  it('every finding code is defined once, and only safe classes can be set to repair', () => {
    expect(new Set(FINDING_CODE_NAMES).size).toBe(FINDING_CODE_NAMES.length);
    expect(parseRepairPolicy('peering=repair').issues).toEqual([
      'peering cannot be repaired automatically (only route, nsgRule, subnetAssociation, tag can)',
    ]);
    expect(parseRepairPolicy('routes=repair').issues[0]).toMatch(/unknown finding class "routes"/);
  });

  it('repairs the owning intent of safe findings, never a resource that also drifted destructively', () => {
    const rows = image();
    const table = rows.get(of('routeTable').id.toLowerCase());
    if (table) table.properties.routes = [];
    const circuit = rows.get(of('circuit').id.toLowerCase());
    if (circuit) {
      circuit.tags = { ...circuit.tags, 'managed-by': 'someone' };
      circuit.properties.serviceProviderProperties = {
        peeringLocation: of('circuit').peeringLocation,
        bandwidthInMbps: 1,
      };
    }
    const found = findings(rows);
    const policy = parseRepairPolicy('route=repair,tag=repair').policy;
    const repairs = repairsFor(policy, desired, found);
    expect(repairs.map((item) => item.intent.id)).toEqual([of('routeTable').id]);
    expect(repairsFor(DEFAULT_REPAIR_POLICY, desired, found)).toEqual([]);
  });
});
