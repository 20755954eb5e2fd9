/**
 * A customer's topology as a Mermaid flowchart (`graph LR`): circuits (peering location, provider and peering
 * states) → connections (status) → gateways → VNets, with the authorization a connection redeemed on the edge from
 * its circuit. Pure and deterministic: the same resources, in any order, give the same text.
 *
 * Node ids are derived from resource names (`circuit_er_contoso_a`), so they stay stable from one read to the next;
 * when two names would give the same id, both get a hash of their name appended. Every label is quoted and its text
 * escaped with Mermaid entity codes (`"` → `#34;`, `[` → `#91;`…), so no name can break the diagram's syntax.
 * A customer with several pairs: each circuit and connection node names its pair (`pair second`; the views carry
 * it, see `withPairs` in customerTopology.ts).
 * The VNets' subnets that the automation associated hang off their VNet (`subnet`), each with the route table and
 * the NSG it was given (`route table`, `NSG` edges); a route table or NSG that no subnet uses yet is drawn alone.
 */
import type { ArmId } from '../domain/intents';
import { armIdKey, shortHash } from '../domain/naming';
import type { TopologyResourceView } from './customerTopology';

export interface MermaidTopologyInput {
  readonly resources: readonly TopologyResourceView[];
  /** VNets to draw even when no gateway of theirs was found (e.g. the registry's). */
  readonly vnetIds?: readonly ArmId[];
}

type NodeKind = 'circuit' | 'connection' | 'gateway' | 'vnet' | 'subnet' | 'routeTable' | 'nsg';
const NODE_KIND_ORDER: readonly NodeKind[] = [
  'circuit',
  'connection',
  'gateway',
  'vnet',
  'subnet',
  'routeTable',
  'nsg',
];

interface DiagramNode {
  readonly kind: NodeKind;
  readonly armId: ArmId;
  readonly name: string;
  readonly lines: readonly string[];
}

interface DiagramEdge {
  readonly from: ArmId;
  readonly to: ArmId;
  readonly label?: string;
}

/** Characters with a meaning in Mermaid's flowchart syntax, written as entity codes (`#` first: it starts them). */
const ESCAPED_CHARACTERS = /[#"<>[\]{}()|`;&\\]/g;

/** Text made safe inside a quoted Mermaid label: syntax characters as entity codes, line breaks as spaces. */
export function escapeMermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(ESCAPED_CHARACTERS, (character) => `#${character.charCodeAt(0)};`);
}

/** The last segment of an ARM id (total: a malformed id is its own name). */
function nameOf(id: ArmId): string {
  return id.slice(id.lastIndexOf('/') + 1) || id;
}

/** `prefix_name` with every character Mermaid ids do not allow turned into `_`. */
function baseNodeId(kind: NodeKind, name: string): string {
  return `${kind}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export function renderTopologyMermaid(input: MermaidTopologyInput): string {
  const { nodes, edges } = buildDiagram(input);
  const sortedNodes = [...nodes.values()].sort(
    (x, y) =>
      NODE_KIND_ORDER.indexOf(x.kind) - NODE_KIND_ORDER.indexOf(y.kind) ||
      x.name.localeCompare(y.name) ||
      armIdKey(x.armId).localeCompare(armIdKey(y.armId)),
  );
  const ids = assignNodeIds(sortedNodes);
  const idOf = (id: ArmId) => ids.get(armIdKey(id)) ?? '';
  const nodeLines = sortedNodes.map(
    (node) => `  ${idOf(node.armId)}["${node.lines.map(escapeMermaidText).join('<br/>')}"]`,
  );
  const edgeLines = edges
    .map((edge) => {
      const arrow = edge.label === undefined ? '-->' : `-->|"${escapeMermaidText(edge.label)}"|`;
      return `  ${idOf(edge.from)} ${arrow} ${idOf(edge.to)}`;
    })
    .sort();
  return ['graph LR', ...nodeLines, ...[...new Set(edgeLines)]].join('\n') + '\n';
}

/** Stable ids: the name-derived id, or, when two names share it, that id plus a hash of each name. */
function assignNodeIds(nodes: readonly DiagramNode[]): Map<string, string> {
  const namesByBase = new Map<string, Set<string>>();
  for (const node of nodes) {
    const base = baseNodeId(node.kind, node.name);
    const names = namesByBase.get(base) ?? new Set<string>();
    names.add(armIdKey(node.armId));
    namesByBase.set(base, names);
  }
  const ids = new Map<string, string>();
  for (const node of nodes) {
    const base = baseNodeId(node.kind, node.name);
    const shared = (namesByBase.get(base)?.size ?? 0) > 1;
    ids.set(armIdKey(node.armId), shared ? `${base}_${shortHash(armIdKey(node.armId))}` : base);
  }
  return ids;
}

/** `pair <name>` for a resource of a customer with several pairs (none for a single pair). */
function pairLine(resource: TopologyResourceView): string[] {
  return resource.pair === undefined ? [] : [`pair ${resource.pair}`];
}

function buildDiagram(input: MermaidTopologyInput): { nodes: Map<string, DiagramNode>; edges: DiagramEdge[] } {
  const byKind = (kind: TopologyResourceView['kind']) => input.resources.filter((r) => r.kind === kind);
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const addNode = (node: DiagramNode) => {
    if (!nodes.has(armIdKey(node.armId))) nodes.set(armIdKey(node.armId), node);
  };
  /** A node for something referenced but not read (another tenant's gateway, a circuit that is gone). */
  const placeholder = (kind: NodeKind, id: ArmId) => {
    addNode({ kind, armId: id, name: nameOf(id), lines: [nameOf(id), 'not found'] });
  };

  const connections = byKind('connection');
  const authorizations = byKind('authorization');
  const redeemedBy = (connectionId: ArmId) =>
    authorizations.filter((a) => a.connectionId !== undefined && armIdKey(a.connectionId) === armIdKey(connectionId));
  const drawnConnections = new Set(connections.map((c) => armIdKey(c.id)));

  for (const circuit of byKind('circuit')) {
    const children = (kind: 'peering' | 'authorization') =>
      byKind(kind)
        .filter((child) => child.circuitId !== undefined && armIdKey(child.circuitId) === armIdKey(circuit.id))
        .sort((x, y) => x.name.localeCompare(y.name));
    const spare = children('authorization').filter(
      (a) => a.connectionId === undefined || !drawnConnections.has(armIdKey(a.connectionId)),
    );
    addNode({
      kind: 'circuit',
      armId: circuit.id,
      name: circuit.name,
      lines: [
        circuit.name,
        ...pairLine(circuit),
        [circuit.peeringLocation, circuit.serviceProviderName].filter((part) => part !== undefined).join(' · '),
        `provider: ${circuit.state.serviceProviderProvisioningState ?? 'unknown'}`,
        ...children('peering').map((p) => `${p.name}: ${p.state.peeringState ?? p.state.provisioningState}`),
        ...spare.map((a) => `authorization ${a.name}: ${a.state.authorizationUseStatus ?? 'unknown'}`),
      ],
    });
  }

  for (const connection of connections) {
    addNode({
      kind: 'connection',
      armId: connection.id,
      name: connection.name,
      lines: [
        connection.name,
        ...pairLine(connection),
        connection.state.connectionStatus ?? connection.state.provisioningState,
      ],
    });
    if (connection.circuitId !== undefined && connection.circuitId !== '') {
      placeholder('circuit', connection.circuitId);
      const label = redeemedBy(connection.id)
        .map((a) => `${a.name} (${a.state.authorizationUseStatus ?? 'unknown'})`)
        .sort()
        .join(', ');
      edges.push({ from: connection.circuitId, to: connection.id, ...(label === '' ? {} : { label }) });
    }
    if (connection.gatewayId !== undefined && connection.gatewayId !== '')
      edges.push({ from: connection.id, to: connection.gatewayId });
  }

  for (const gateway of byKind('gateway')) {
    const sku = typeof gateway.sku === 'string' ? gateway.sku : undefined;
    addNode({
      kind: 'gateway',
      armId: gateway.id,
      name: gateway.name,
      lines: [
        gateway.name,
        [sku, gateway.state.provisioningState].filter((part) => part !== undefined).join(' · '),
        ...(gateway.managed ? [] : ["customer's gateway"]),
      ],
    });
    if (gateway.vnetId !== undefined && gateway.vnetId !== '') edges.push({ from: gateway.id, to: gateway.vnetId });
  }
  for (const connection of connections) {
    if (connection.gatewayId !== undefined && connection.gatewayId !== '') placeholder('gateway', connection.gatewayId);
  }

  const associations = byKind('subnetAssociation');
  const vnetIds = [
    ...(input.vnetIds ?? []),
    ...edges.filter((e) => nodes.get(armIdKey(e.from))?.kind === 'gateway').map((e) => e.to),
    ...associations.flatMap((association) =>
      association.vnetId === undefined || association.vnetId === '' ? [] : [association.vnetId],
    ),
  ];
  for (const vnetId of vnetIds) {
    addNode({ kind: 'vnet', armId: vnetId, name: nameOf(vnetId), lines: [nameOf(vnetId)] });
  }
  addSubnets(input.resources, associations, addNode, edges);
  return { nodes, edges };
}

/** Route tables, NSGs and the subnets associated with them, hung off their VNets. */
function addSubnets(
  resources: readonly TopologyResourceView[],
  associations: readonly TopologyResourceView[],
  addNode: (node: DiagramNode) => void,
  edges: DiagramEdge[],
): void {
  const read = new Map(resources.map((resource) => [armIdKey(resource.id), resource]));
  const attachment = (kind: 'routeTable' | 'nsg', id: ArmId) => {
    const view = read.get(armIdKey(id));
    const what = kind === 'routeTable' ? 'route table' : 'NSG';
    addNode({
      kind,
      armId: id,
      name: nameOf(id),
      lines: [nameOf(id), view === undefined ? `${what} · not found` : `${what} · ${view.state.provisioningState}`],
    });
  };
  for (const resource of resources) {
    if (resource.kind === 'routeTable' || resource.kind === 'nsg') attachment(resource.kind, resource.id);
  }
  for (const association of associations) {
    addNode({
      kind: 'subnet',
      armId: association.id,
      name: association.name,
      lines: [association.name, `subnet · ${association.state.provisioningState}`],
    });
    if (association.vnetId !== undefined && association.vnetId !== '')
      edges.push({ from: association.vnetId, to: association.id });
    if (association.routeTableId !== undefined && association.routeTableId !== '') {
      attachment('routeTable', association.routeTableId);
      edges.push({ from: association.routeTableId, to: association.id, label: 'route table' });
    }
    if (association.nsgId !== undefined && association.nsgId !== '') {
      attachment('nsg', association.nsgId);
      edges.push({ from: association.nsgId, to: association.id, label: 'NSG' });
    }
  }
}
