import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import type { CircuitIntent, ConnectionIntent, ResourceIntent } from '../../../shared/domain/intents';
import { planTopology } from '../../../shared/domain/planner';
import { deriveTopology } from '../../../shared/domain/topology';
import { validateCustomerSpec } from '../../../shared/domain/validation';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../../shared/messages';

function example(file: string) {
  const json: unknown = JSON.parse(readFileSync(join(__dirname, '../../../examples', file), 'utf8'));
  const parsed = parseRequestEvent(json, DEFAULT_CSP_CONTEXT);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  if (parsed.event.type !== ONBOARDING_REQUESTED) throw new Error(`${file} is not an onboarding`);
  const topology = deriveTopology(parsed.event.data, DEFAULT_CSP_CONTEXT);
  return { json: json as { data: Record<string, unknown> }, spec: parsed.event.data, topology };
}

const circuitsOf = (resources: readonly ResourceIntent[]) =>
  resources.filter((r): r is CircuitIntent => r.kind === 'circuit');
const connectionsOf = (resources: readonly ResourceIntent[]) =>
  resources.filter((r): r is ConnectionIntent => r.kind === 'connection');

describe('examples/onboarding-two-private-pairs-20g.json', () => {
  const { topology } = example('onboarding-two-private-pairs-20g.json');

  it('builds two private pairs: four 10 Gbps circuits at four distinct peering locations, 20 Gbps in all', () => {
    const circuits = circuitsOf(topology.resources);
    expect(circuits.map((c) => [c.name, c.peeringLocation, c.bandwidthMbps])).toEqual([
      ['er-tailspin-a', 'Amsterdam', 10000],
      ['er-tailspin-b', 'Amsterdam2', 10000],
      ['er-tailspin-second-a', 'London', 10000],
      ['er-tailspin-second-b', 'London2', 10000],
    ]);
    const peerings = topology.resources.filter((r) => r.kind === 'peering');
    expect(peerings.map((p) => p.peeringType)).toEqual(Array(4).fill('AzurePrivatePeering'));
  });

  it("connects the VNet's one gateway to all four circuits, each plan key naming the second pair", () => {
    const connections = connectionsOf(topology.resources);
    expect(new Set(connections.map((c) => c.gatewayId)).size).toBe(1);
    expect(connections).toHaveLength(4);
    const keys = planTopology(topology).steps.map((step) => step.key);
    expect(keys).toEqual(expect.arrayContaining(['notify-provider:a', 'notify-provider:second:b']));
  });
});

describe('examples/onboarding-separate-microsoft-peering.json', () => {
  const { json, topology } = example('onboarding-separate-microsoft-peering.json');

  it('puts private peering on one pair and Microsoft peering (with its route filter) on another', () => {
    const peerings = topology.resources.filter((r) => r.kind === 'peering');
    expect(peerings.map((p) => [p.circuitId.split('/').pop(), p.peeringType])).toEqual([
      ['er-northwind-a', 'AzurePrivatePeering'],
      ['er-northwind-b', 'AzurePrivatePeering'],
      ['er-northwind-msft-a', 'MicrosoftPeering'],
      ['er-northwind-msft-b', 'MicrosoftPeering'],
    ]);
    expect(topology.resources.filter((r) => r.kind === 'routeFilter').map((r) => r.name)).toEqual([
      'rf-northwind-msft',
    ]);
  });

  it('connects VNets only to the private pair', () => {
    const connections = connectionsOf(topology.resources);
    expect(connections).toHaveLength(4);
    expect(connections.every((c) => c.pair === undefined)).toBe(true);
  });

  it('is refused once the Microsoft-peering pair also carries private peering, or a VNet names it', () => {
    const data = structuredClone(json.data) as {
      circuitPairs: Record<string, unknown>[];
      vnetLinks: Record<string, unknown>[];
    };
    const first = data.circuitPairs[0];
    const second = data.circuitPairs[1];
    if (first === undefined || second === undefined) throw new Error('two pairs expected');
    second.privatePeering = {
      peerAsn: 65020,
      legs: [
        { primaryPeerAddressPrefix: '172.16.21.0/30', secondaryPeerAddressPrefix: '172.16.21.4/30', vlanId: 410 },
        { primaryPeerAddressPrefix: '172.16.21.8/30', secondaryPeerAddressPrefix: '172.16.21.12/30', vlanId: 420 },
      ],
    };
    const both = validateCustomerSpec(data, DEFAULT_CSP_CONTEXT);
    expect(both.ok ? [] : both.issues.map((i) => [i.path, i.rule])).toEqual([
      ['circuitPairs[1].microsoftPeering', 'pair.separate-microsoft-peering'],
    ]);
    delete second.privatePeering;
    data.vnetLinks[1] = { ...data.vnetLinks[1], pairs: ['msft'] };
    const linked = validateCustomerSpec(data, DEFAULT_CSP_CONTEXT);
    expect(linked.ok ? [] : linked.issues.map((i) => [i.path, i.rule])).toEqual([
      ['vnetLinks[1].pairs[0]', 'vnet-link.pair-private-peering'],
    ]);
  });
});
