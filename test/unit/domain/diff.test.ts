import fc from 'fast-check';
import {
  applyChanges,
  asObservable,
  compareIntents,
  diffTopology,
  summarizeChanges,
} from '../../../shared/domain/diff';
import { CUSTOMER_TAG, LEG_TAG, MANAGED_BY_TAG } from '../../../shared/domain/intents';
import type { CircuitIntent, ResourceIntent, ResourceKind } from '../../../shared/domain/intents';
import { armId, managedTags } from '../../../shared/domain/naming';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import { CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

const CSP_TENANT_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';
const OTHER_TENANT_ID = '99999999-9999-4999-8999-999999999999';

function desiredOf(spec: CustomerSpec): readonly ResourceIntent[] {
  return deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources;
}

const DESIRED = desiredOf(validConnectThroughSpec({ microsoftPeering: true }));

function first<K extends ResourceKind>(
  resources: readonly ResourceIntent[],
  kind: K,
): Extract<ResourceIntent, { kind: K }> {
  const found = resources.find((r): r is Extract<ResourceIntent, { kind: K }> => r.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found;
}

/** `resources` with the first resource of `intent`'s id replaced by it. */
function replaced(resources: readonly ResourceIntent[], intent: ResourceIntent): ResourceIntent[] {
  return resources.map((r) => (r.id === intent.id ? intent : r));
}

function byId(resources: readonly ResourceIntent[]): ResourceIntent[] {
  return [...resources].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}

describe('diffTopology', () => {
  it('finds nothing to do when Azure holds exactly the desired resources', () => {
    const changes = diffTopology(DESIRED, DESIRED);
    expect(changes.every((change) => change.action === 'unchanged' && change.fields.length === 0)).toBe(true);
    expect(summarizeChanges(changes)).toEqual({ create: 0, update: 0, delete: 0, unchanged: DESIRED.length });
  });

  it('creates everything on an empty subscription, and deletes everything that is no longer desired', () => {
    expect(summarizeChanges(diffTopology([], DESIRED))).toEqual({
      create: DESIRED.length,
      update: 0,
      delete: 0,
      unchanged: 0,
    });
    const deletes = diffTopology(DESIRED, []);
    expect(deletes.map((change) => [change.action, change.id, change.kind])).toEqual(
      DESIRED.map((r) => ['delete', r.id, r.kind]),
    );
    expect(deletes[0]).toEqual({
      action: 'delete',
      id: DESIRED[0]!.id,
      kind: 'circuit',
      fields: [],
      actual: DESIRED[0],
    });
  });

  it('lists desired resources first (in desired order), then deletes', () => {
    const orphan = {
      ...first(DESIRED, 'routeTable'),
      id: `${first(DESIRED, 'routeTable').id}-old`,
      name: 'rt-contoso-shared-old',
    };
    const [circuit, ...rest] = DESIRED;
    const changes = diffTopology([orphan, ...rest], DESIRED);
    expect(changes.map((change) => change.action)).toEqual(['create', ...rest.map(() => 'unchanged'), 'delete']);
    expect(changes[0]).toEqual({ action: 'create', id: circuit!.id, kind: 'circuit', fields: [], desired: circuit });
  });

  it('names each differing field by its path, with both values', () => {
    const circuit = first(DESIRED, 'circuit');
    const actual = replaced(DESIRED, {
      ...circuit,
      bandwidthMbps: 500,
      sku: { tier: 'Premium', family: 'MeteredData' },
    });
    const [change] = diffTopology(actual, DESIRED).filter((c) => c.action === 'update');
    expect(change).toMatchObject({ action: 'update', id: circuit.id, kind: 'circuit', desired: circuit });
    expect(change?.fields).toEqual([
      { path: 'sku.tier', actual: 'Premium', desired: 'Standard' },
      { path: 'bandwidthMbps', actual: 500, desired: 1000 },
    ]);
  });

  it('matches routes and rules by name, so their order does not matter', () => {
    const routeTable = first(DESIRED, 'routeTable');
    const nsg = first(DESIRED, 'nsg');
    const actual = replaced(replaced(DESIRED, { ...routeTable, routes: [...routeTable.routes].reverse() }), {
      ...nsg,
      rules: [...nsg.rules].reverse(),
    });
    expect(summarizeChanges(diffTopology(actual, DESIRED)).update).toBe(0);
  });

  it('reports a changed, a missing and an extra route by route name', () => {
    const routeTable = first(DESIRED, 'routeTable');
    const [kms, kms2] = routeTable.routes;
    const actualRoutes = [
      { ...kms!, addressPrefix: '20.118.99.225/32' },
      { name: 'legacy', addressPrefix: '10.0.0.0/8', nextHopType: 'None' },
    ];
    const fields = compareIntents({ ...routeTable, routes: actualRoutes }, routeTable);
    expect(fields).toEqual([
      { path: 'routes[kms-activation].addressPrefix', actual: '20.118.99.225/32', desired: '20.118.99.224/32' },
      { path: 'routes[kms-activation-2]', actual: undefined, desired: kms2 },
      { path: 'routes[legacy]', actual: actualRoutes[1], desired: undefined },
    ]);
  });

  it('compares plain lists position by position', () => {
    const routeFilter = first(DESIRED, 'routeFilter');
    const actual = { ...routeFilter, rule: { ...routeFilter.rule, communities: ['12076:5010', '12076:5020'] } };
    expect(compareIntents(actual, routeFilter)).toEqual([
      { path: 'rule.communities[1]', actual: '12076:5020', desired: undefined },
    ]);
  });

  it('compares only the tags the automation owns', () => {
    const circuit = first(DESIRED, 'circuit');
    const foreignTags = { ...circuit, tags: { ...circuit.tags, 'cost-center': '4711' } };
    expect(compareIntents(foreignTags, circuit)).toEqual([]);
    const { [LEG_TAG]: _leg, ...tagsWithoutLeg } = circuit.tags;
    const wrongOwner = { ...circuit, tags: { ...tagsWithoutLeg, [CUSTOMER_TAG]: 'fabrikam' } };
    expect(compareIntents(wrongOwner, circuit)).toEqual([
      { path: `tags.${CUSTOMER_TAG}`, actual: 'fabrikam', desired: 'contoso' },
      { path: `tags.${LEG_TAG}`, actual: undefined, desired: 'a' },
    ]);
  });

  it('compares the scope, so a resource in the wrong tenant is reported', () => {
    const authorization = first(DESIRED, 'authorization');
    expect(
      compareIntents({ ...authorization, scope: { ...authorization.scope, tenantId: OTHER_TENANT_ID } }, authorization),
    ).toEqual([{ path: 'scope.tenantId', actual: OTHER_TENANT_ID, desired: CSP_TENANT_ID }]);
  });

  it('treats ARM ids, names and resource groups case-insensitively, as ARM does', () => {
    const peering = first(DESIRED, 'peering');
    const shouting = {
      ...peering,
      id: peering.id.toUpperCase(),
      name: peering.name.toLowerCase(),
      circuitId: peering.circuitId.toLowerCase(),
      scope: { ...peering.scope, resourceGroup: peering.scope.resourceGroup.toUpperCase() },
    };
    const changes = diffTopology(
      DESIRED.map((r) => (r.id === peering.id ? shouting : r)),
      DESIRED,
    );
    expect(changes.find((change) => change.id === peering.id)).toMatchObject({ action: 'unchanged', fields: [] });
    expect(summarizeChanges(changes)).toEqual({ create: 0, update: 0, delete: 0, unchanged: DESIRED.length });
  });

  it('treats a property set to undefined like an absent one, but a new MD5 key reference as a change', () => {
    const peering = first(DESIRED, 'peering');
    const { md5Key, ...withoutKey } = peering;
    expect(md5Key).toBeDefined();
    expect(compareIntents({ ...withoutKey, md5Key: undefined }, withoutKey)).toEqual([]);
    expect(compareIntents(withoutKey, peering)).toEqual([{ path: 'md5Key', actual: undefined, desired: md5Key }]);
  });
});

describe('applyChanges', () => {
  it('keeps unchanged resources as Azure holds them, replaces updated ones and adds created ones', () => {
    const [circuitA, circuitB] = DESIRED.filter((r): r is CircuitIntent => r.kind === 'circuit');
    const rest = DESIRED.slice(2);
    const taggedByOthers: ResourceIntent = { ...circuitA!, tags: { ...circuitA!.tags, 'cost-center': '4711' } };
    const outdated: ResourceIntent = { ...circuitB!, bandwidthMbps: 50 };
    const orphan = { ...first(DESIRED, 'nsg'), id: `${first(DESIRED, 'nsg').id}-old`, name: 'nsg-contoso-old' };
    const actual = [taggedByOthers, outdated, ...rest.slice(1), orphan];
    const result = applyChanges(actual, diffTopology(actual, DESIRED));
    expect(result[0]).toBe(taggedByOthers);
    expect(result[1]).toBe(circuitB);
    expect(result).not.toContain(orphan);
    expect(result[result.length - 1]).toBe(rest[0]);
    expect(result).toHaveLength(DESIRED.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

interface SpecShape {
  readonly model: 'connect-through' | 'connect-to';
  readonly microsoftPeering: boolean;
  readonly vnetCount: number;
  readonly keepRouteTables: readonly boolean[];
  readonly keepNsgs: readonly boolean[];
}

/** Varies the valid fixture: ownership model, Microsoft peering, which VNets, route tables and NSGs exist. */
function specOf(shape: SpecShape): CustomerSpec {
  const spec = shape.model === 'connect-through' ? validConnectThroughSpec(shape) : validConnectToSpec(shape);
  spec.vnetLinks = spec.vnetLinks.slice(0, shape.vnetCount);
  const linked = (vnetId: string) => spec.vnetLinks.some((link) => link.vnetId === vnetId);
  spec.routeTables = spec.routeTables.filter(
    (table, index) => shape.keepRouteTables[index] === true && linked(table.vnetId),
  );
  spec.networkSecurityGroups = spec.networkSecurityGroups.filter(
    (nsg, index) => shape.keepNsgs[index] === true && linked(nsg.vnetId),
  );
  return spec;
}

const desiredArb = fc
  .record({
    model: fc.constantFrom('connect-through' as const, 'connect-to' as const),
    microsoftPeering: fc.boolean(),
    vnetCount: fc.integer({ min: 0, max: 2 }),
    keepRouteTables: fc.tuple(fc.boolean(), fc.boolean()),
    keepNsgs: fc.tuple(fc.boolean(), fc.boolean()),
  })
  .map((shape) => desiredOf(specOf(shape)));

/** Ways Azure can differ from the desired state, each of which the diff must notice. */
function fieldVariants(intent: ResourceIntent): ResourceIntent[] {
  const otherTenant = { ...intent, scope: { ...intent.scope, tenantId: OTHER_TENANT_ID } };
  switch (intent.kind) {
    case 'circuit':
      return [
        otherTenant,
        { ...intent, bandwidthMbps: intent.bandwidthMbps * 2 },
        { ...intent, tags: { ...intent.tags, [LEG_TAG]: 'x' } },
      ];
    case 'peering':
      return [
        otherTenant,
        { ...intent, vlanId: intent.vlanId + 1 },
        intent.md5Key === undefined
          ? { ...intent, md5Key: { vault: 'kv-other', secret: 'old-key' } }
          : { ...intent, md5Key: undefined },
      ];
    case 'routeFilter':
      return [
        otherTenant,
        { ...intent, rule: { ...intent.rule, communities: [...intent.rule.communities, '12076:5020'] } },
      ];
    case 'authorization':
      return [otherTenant, { ...intent, circuitId: `${intent.circuitId}-old` }];
    case 'gateway':
      return [otherTenant, { ...intent, sku: intent.sku === 'ErGw3AZ' ? 'ErGw1AZ' : 'ErGw3AZ' }];
    case 'connection': {
      const { authorization: _authorization, ...withoutAuthorization } = intent;
      return [
        otherTenant,
        { ...intent, routingWeight: intent.routingWeight + 1 },
        { ...intent, fastPath: !intent.fastPath },
        withoutAuthorization,
      ];
    }
    case 'routeTable':
      return [
        otherTenant,
        { ...intent, disableBgpRoutePropagation: !intent.disableBgpRoutePropagation },
        { ...intent, routes: intent.routes.slice(1) },
        { ...intent, routes: intent.routes.map((route) => ({ ...route, nextHopIpAddress: '10.99.99.99' })) },
        { ...intent, tags: { [MANAGED_BY_TAG]: 'someone-else' } },
      ];
    case 'nsg':
      return [
        otherTenant,
        {
          ...intent,
          rules: intent.rules.map((rule, index) => (index === 0 ? { ...rule, priority: rule.priority + 1 } : rule)),
        },
        { ...intent, rules: [...intent.rules, { ...intent.rules[0]!, name: 'added-by-hand', priority: 4090 }] },
      ];
    case 'subnetAssociation':
      return [
        otherTenant,
        intent.nsgId === undefined ? { ...intent, nsgId: `${intent.vnetId}-nsg` } : { ...intent, nsgId: undefined },
      ];
    case 'vpnGateway':
      return [otherTenant, { ...intent, sku: 'VpnGw2AZ' }, { ...intent, enableBgp: !intent.enableBgp }];
    case 'localNetworkGateway':
      return [otherTenant, { ...intent, addressPrefixes: [...intent.addressPrefixes, '10.250.0.0/24'] }];
    case 'vpnConnection':
      return [otherTenant, { ...intent, dpdTimeoutSeconds: intent.dpdTimeoutSeconds + 1 }];
  }
}

/** A resource the automation once built for this customer but no longer wants. */
function foreignResource(serial: number, template: ResourceIntent): ResourceIntent {
  const scope = {
    tenantId: template.scope.tenantId,
    subscriptionId: CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
    resourceGroup: 'rg-old',
  };
  const name = `rt-contoso-old${serial}`;
  return {
    kind: 'routeTable',
    id: armId(scope, 'Microsoft.Network/routeTables', name),
    scope,
    name,
    location: 'westeurope',
    tags: managedTags('contoso'),
    disableBgpRoutePropagation: false,
    routes: [],
  };
}

type Mutation =
  | { readonly type: 'drop'; readonly at: number }
  | { readonly type: 'addForeign' }
  | { readonly type: 'change'; readonly at: number; readonly variant: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('addForeign' as const) }),
  fc.record({ type: fc.constant('change' as const), at: fc.nat(), variant: fc.nat() }),
);

function mutate(desired: readonly ResourceIntent[], mutations: readonly Mutation[]): ResourceIntent[] {
  const actual = [...desired];
  mutations.forEach((mutation, serial) => {
    if (mutation.type === 'addForeign') {
      actual.push(foreignResource(serial, desired[0] ?? foreignResource(-1, DESIRED[0]!)));
      return;
    }
    if (actual.length === 0) return;
    const index = mutation.at % actual.length;
    if (mutation.type === 'drop') {
      actual.splice(index, 1);
      return;
    }
    const variants = fieldVariants(actual[index]!);
    actual[index] = variants[mutation.variant % variants.length]!;
  });
  return actual;
}

describe('diff properties', () => {
  it('finds every desired resource unchanged when compared with itself', () => {
    fc.assert(
      fc.property(desiredArb, (desired) => {
        const changes = diffTopology(desired, desired);
        expect(changes.every((change) => change.action === 'unchanged')).toBe(true);
        expect(changes).toHaveLength(desired.length);
      }),
      { numRuns: 300 },
    );
  });

  it('notices every change: applying the diff to a mutated Azure state gives the desired state', () => {
    fc.assert(
      fc.property(desiredArb, fc.array(mutationArb, { maxLength: 8 }), (desired, mutations) => {
        const actual = mutate(desired, mutations);
        const changes = diffTopology(actual, desired);
        expect(byId(applyChanges(actual, changes))).toEqual(byId(desired));

        const actualIds = new Set(actual.map((r) => r.id.toLowerCase()));
        const desiredIds = new Set(desired.map((r) => r.id.toLowerCase()));
        const summary = summarizeChanges(changes);
        expect(summary.create).toBe(desired.filter((r) => !actualIds.has(r.id.toLowerCase())).length);
        expect(summary.delete).toBe(actual.filter((r) => !desiredIds.has(r.id.toLowerCase())).length);
        for (const change of changes) {
          expect(change.action === 'update').toBe(change.fields.length > 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('asObservable', () => {
  it('drops only the fields Azure cannot read back', () => {
    const topology = deriveTopology(validConnectThroughSpec(), { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' });
    const observable = topology.resources.map(asObservable);
    expect(observable.some((r) => r.kind === 'peering' && r.md5Key !== undefined)).toBe(false);
    expect(observable.some((r) => r.kind === 'connection' && r.authorization !== undefined)).toBe(false);
    const withoutWriteOnly = topology.resources.filter(
      (r) => !(r.kind === 'peering' && r.md5Key) && !(r.kind === 'connection' && r.authorization),
    );
    for (const intent of withoutWriteOnly) expect(observable).toContainEqual(intent);
    expect(diffTopology(observable, observable).every((c) => c.action === 'unchanged')).toBe(true);
  });
});
