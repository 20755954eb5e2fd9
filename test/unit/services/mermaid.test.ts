import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../../shared/messages';
import { escapeMermaidText, renderTopologyMermaid } from '../../../shared/services/mermaid';
import { toView, withPairs, type TopologyResourceView } from '../../../shared/services/customerTopology';

const SUB = '/subscriptions/5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b/resourceGroups/rg/providers/Microsoft.Network';
const CIRCUIT_A = `${SUB}/expressRouteCircuits/er-contoso-a`;
const CIRCUIT_B = `${SUB}/expressRouteCircuits/er-contoso-b`;
const VNET = `${SUB}/virtualNetworks/vnet-hub`;
const GATEWAY = `${SUB}/virtualNetworkGateways/ergw-vnet-hub`;
const CONNECTION_A = `${SUB}/connections/cn-vnet-hub-er-contoso-a`;
const CONNECTION_B = `${SUB}/connections/cn-vnet-hub-er-contoso-b`;

const ok = { provisioningState: 'Succeeded' };

function circuit(id: string, name: string, peeringLocation: string): TopologyResourceView {
  return {
    kind: 'circuit',
    id,
    name,
    managed: true,
    state: { ...ok, serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled' },
    peeringLocation,
    serviceProviderName: 'Equinix',
  };
}

function connection(id: string, name: string, circuitId: string): TopologyResourceView {
  return {
    kind: 'connection',
    id,
    name,
    managed: true,
    state: { ...ok, connectionStatus: 'Connected' },
    circuitId,
    gatewayId: GATEWAY,
  };
}

const TOPOLOGY: readonly TopologyResourceView[] = [
  circuit(CIRCUIT_A, 'er-contoso-a', 'Amsterdam'),
  circuit(CIRCUIT_B, 'er-contoso-b', 'Amsterdam2'),
  {
    kind: 'peering',
    id: `${CIRCUIT_A}/peerings/AzurePrivatePeering`,
    name: 'AzurePrivatePeering',
    managed: true,
    state: { ...ok, peeringState: 'Enabled' },
    circuitId: CIRCUIT_A,
  },
  {
    kind: 'authorization',
    id: `${CIRCUIT_A}/authorizations/auth-contoso-vnet-hub-a`,
    name: 'auth-contoso-vnet-hub-a',
    managed: true,
    state: { ...ok, authorizationUseStatus: 'InUse' },
    circuitId: CIRCUIT_A,
    connectionId: CONNECTION_A,
  },
  {
    kind: 'authorization',
    id: `${CIRCUIT_B}/authorizations/auth-spare-b`,
    name: 'auth-spare-b',
    managed: true,
    state: { ...ok, authorizationUseStatus: 'Available' },
    circuitId: CIRCUIT_B,
  },
  connection(CONNECTION_A, 'cn-vnet-hub-er-contoso-a', CIRCUIT_A),
  connection(CONNECTION_B, 'cn-vnet-hub-er-contoso-b', CIRCUIT_B),
  { kind: 'gateway', id: GATEWAY, name: 'ergw-vnet-hub', managed: true, state: ok, vnetId: VNET, sku: 'ErGw1AZ' },
];

const NODE = /^ {2}([A-Za-z0-9_]+)\["([^"]*)"\]$/;
const EDGE = /^ {2}([A-Za-z0-9_]+) -->(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$/;

/** Parses the diagram back: fails on any line that is neither a node nor an edge, or an edge to an unknown node. */
function parse(diagram: string): { nodes: Map<string, string>; edges: { from: string; to: string; label?: string }[] } {
  const lines = diagram.trimEnd().split('\n');
  expect(lines[0]).toBe('graph LR');
  const nodes = new Map<string, string>();
  const edges: { from: string; to: string; label?: string }[] = [];
  for (const line of lines.slice(1)) {
    const node = NODE.exec(line);
    const edge = EDGE.exec(line);
    if (node !== null) nodes.set(node[1]!, node[2]!);
    else if (edge !== null)
      edges.push({ from: edge[1]!, to: edge[3]!, ...(edge[2] === undefined ? {} : { label: edge[2] }) });
    else throw new Error(`not a node or an edge: ${line}`);
  }
  for (const { from, to } of edges) {
    expect(nodes.has(from)).toBe(true);
    expect(nodes.has(to)).toBe(true);
  }
  return { nodes, edges };
}

describe('renderTopologyMermaid', () => {
  it('draws circuits → connections → gateway → VNet, with node ids derived from names', () => {
    const { nodes, edges } = parse(renderTopologyMermaid({ resources: TOPOLOGY }));
    expect([...nodes.keys()]).toEqual([
      'circuit_er_contoso_a',
      'circuit_er_contoso_b',
      'connection_cn_vnet_hub_er_contoso_a',
      'connection_cn_vnet_hub_er_contoso_b',
      'gateway_ergw_vnet_hub',
      'vnet_vnet_hub',
    ]);
    expect(edges).toEqual(
      expect.arrayContaining([
        {
          from: 'circuit_er_contoso_a',
          to: 'connection_cn_vnet_hub_er_contoso_a',
          label: 'auth-contoso-vnet-hub-a #40;InUse#41;',
        },
        { from: 'circuit_er_contoso_b', to: 'connection_cn_vnet_hub_er_contoso_b' },
        { from: 'connection_cn_vnet_hub_er_contoso_a', to: 'gateway_ergw_vnet_hub' },
        { from: 'gateway_ergw_vnet_hub', to: 'vnet_vnet_hub' },
      ]),
    );
    expect(edges).toHaveLength(5);
  });

  it('labels circuits with their peering location, provider state and peerings, and lists a spare authorization', () => {
    const { nodes } = parse(renderTopologyMermaid({ resources: TOPOLOGY }));
    expect(nodes.get('circuit_er_contoso_a')).toBe(
      'er-contoso-a<br/>Amsterdam · Equinix<br/>provider: Provisioned<br/>AzurePrivatePeering: Enabled',
    );
    expect(nodes.get('circuit_er_contoso_b')).toContain('authorization auth-spare-b: Available');
    expect(nodes.get('connection_cn_vnet_hub_er_contoso_a')).toBe('cn-vnet-hub-er-contoso-a<br/>Connected');
  });

  it('escapes quotes, brackets and other syntax in names, so a name cannot break out of its label', () => {
    const hostile = 'er-"x"]-->evil[(y)]|#1;<b>';
    const diagram = renderTopologyMermaid({ resources: [circuit(`${SUB}/expressRouteCircuits/x`, hostile, 'A"B')] });
    const { nodes } = parse(diagram);
    const [label] = [...nodes.values()];
    expect(label).toContain('er-#34;x#34;#93;--#62;evil#91;#40;y#41;#93;#124;#35;1#59;#60;b#62;');
    expect(label).toContain('A#34;B');
    expect(escapeMermaidText('two\nlines')).toBe('two lines');
  });

  it('is deterministic: the same resources in any order give the same text', () => {
    const expected = renderTopologyMermaid({ resources: TOPOLOGY });
    expect(renderTopologyMermaid({ resources: [...TOPOLOGY].reverse() })).toBe(expected);
    const shuffled = [...TOPOLOGY].sort((x, y) => y.id.length - x.id.length || x.kind.localeCompare(y.kind));
    expect(renderTopologyMermaid({ resources: shuffled })).toBe(expected);
  });

  it('keeps two names that clean up to the same id apart', () => {
    const { nodes } = parse(
      renderTopologyMermaid({
        resources: [
          circuit(`${SUB}/expressRouteCircuits/a-b`, 'a-b', 'X'),
          circuit(`${SUB}/expressRouteCircuits/a.b`, 'a.b', 'Y'),
        ],
      }),
    );
    expect(nodes.size).toBe(2);
    expect([...nodes.keys()].every((id) => id.startsWith('circuit_a_b_'))).toBe(true);
  });

  it('draws a VNet without a gateway, and a placeholder for a gateway that was not read', () => {
    const { nodes } = parse(
      renderTopologyMermaid({
        resources: [circuit(CIRCUIT_A, 'er-contoso-a', 'Amsterdam'), connection(CONNECTION_A, 'cn-a', CIRCUIT_A)],
        vnetIds: [VNET],
      }),
    );
    expect(nodes.get('gateway_ergw_vnet_hub')).toBe('ergw-vnet-hub<br/>not found');
    expect(nodes.get('vnet_vnet_hub')).toBe('vnet-hub');
  });
});

describe('renderTopologyMermaid: several circuit pairs', () => {
  /** The two-pair example's resources as Azure would hold them: no `pair` field, only the circuits' `er-pair` tags. */
  function readBackViews(): TopologyResourceView[] {
    const file = join(EXAMPLES_DIR, 'onboarding-two-private-pairs-20g.json');
    const parsed = parseRequestEvent(JSON.parse(readFileSync(file, 'utf8')) as unknown, DEFAULT_CSP_CONTEXT);
    if (!parsed.ok || parsed.event.type !== ONBOARDING_REQUESTED) throw new Error(`${file} is not a valid onboarding`);
    const topology = deriveTopology(parsed.event.data, DEFAULT_CSP_CONTEXT);
    return topology.resources.map((intent) => {
      const readBack: ResourceIntent = { ...intent };
      if ('pair' in readBack) delete (readBack as { pair?: string }).pair;
      return toView({ intent: readBack, state: { provisioningState: 'Succeeded', managed: true } });
    });
  }

  it('names the pair of each circuit and connection, read from the circuits’ er-pair tags', () => {
    const views = withPairs(readBackViews());
    const pairOf = (name: string) => views.find((view) => view.name === name)?.pair;
    expect(pairOf('er-tailspin-a')).toBe('primary');
    expect(pairOf('er-tailspin-second-b')).toBe('second');
    const secondPeerings = views.filter((v) => v.kind === 'peering' && v.circuitId?.includes('er-tailspin-second'));
    expect(secondPeerings.map((v) => v.pair)).toEqual(['second', 'second']);
    const authorizations = views.filter((v) => v.kind === 'authorization');
    expect(authorizations.map((v) => v.pair).sort()).toEqual(['primary', 'primary', 'second', 'second']);

    const { nodes } = parse(renderTopologyMermaid({ resources: views }));
    const label = (id: string) => nodes.get(id) ?? '';
    expect(label('circuit_er_tailspin_a')).toMatch(/^er-tailspin-a<br\/>pair primary<br\/>Amsterdam · Equinix/);
    expect(label('circuit_er_tailspin_second_b')).toMatch(
      /^er-tailspin-second-b<br\/>pair second<br\/>London2 · Equinix/,
    );
    const connections = [...nodes.entries()].filter(([id]) => id.startsWith('connection_'));
    expect(connections.map(([, text]) => /<br\/>pair (\w+)<br\/>/.exec(text)?.[1]).sort()).toEqual([
      'primary',
      'primary',
      'second',
      'second',
    ]);
  });

  it('leaves a single pair’s views and diagram without any pair', () => {
    expect(withPairs(TOPOLOGY)).toEqual(TOPOLOGY);
    expect(renderTopologyMermaid({ resources: withPairs(TOPOLOGY) })).not.toContain('pair');
  });
});
