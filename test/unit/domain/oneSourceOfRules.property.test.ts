/**
 * One source of rules: `validate` (and so the intake) and `plan` agree. For generated specs, valid and near-valid,
 * validation passes exactly when deriving the topology and planning succeed; whatever `plan` refuses, validation
 * refuses at the same path with the same rule; and for every spec that validates, every name the automation derives
 * is a name Azure takes for that resource type.
 */
import fc from 'fast-check';
import { ValidationError, type ValidationIssue } from '../../../shared/errors';
import { isLegalAzureName, type AzureNamedType } from '../../../shared/domain/azureNames';
import { canonicalArmId } from '../../../shared/domain/armIds';
import type { ResourceIntent, Topology } from '../../../shared/domain/intents';
import { ROUTE_FILTER_RULE_NAME } from '../../../shared/domain/naming';
import { planTeardown, planTopology } from '../../../shared/domain/planner';
import { CustomerSpecSchema, type CustomerSpec } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import { validateCustomerSpec } from '../../../shared/domain/validation';
import {
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_CONTEXT,
  validConnectThroughSpec,
  validConnectToSpec,
} from '../../support/specs';

const TENANTS = { cspTenantId: '11111111-2222-4333-8444-555555555555' };

type Mutation = (spec: CustomerSpec) => void;

// ---- Generators ------------------------------------------------------------------------------------------------

/** Names that often collide with the fixture's, case-insensitively. */
const vnetNamePool = fc.constantFrom('vnet-contoso-hub-weu', 'VNET-CONTOSO-APP-WEU', 'vnet-x', 'Vnet-X', 'vnet-y');
const rolePool = fc.constantFrom('shared', 'workload', 'edge');
const subnetPool = fc.constantFrom('snet-app', 'SNET-APP', 'snet-management', 'snet-new', 'Snet-New', 'snet-data');

/** Text from an alphabet of legal and illegal name characters, empty to over-long. */
const roughName = (maxLength: number) =>
  fc.oneof(
    fc.string({
      unit: fc.constantFrom('a', 'B', '7', '-', '_', '.', '#', '?', ' ', '/', '(', 'é'),
      maxLength,
    }),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/),
  );

function vnetIdIn(resourceGroup: string, name: string): string {
  return `/subscriptions/${CONTOSO_WORKLOAD_SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

/** Renames linked VNet `index`, and every route table and NSG that targets it. */
function renameVnet(index: number, name: string): Mutation {
  return (spec) => {
    const link = spec.vnetLinks[index % spec.vnetLinks.length];
    if (link === undefined) return;
    const before = link.vnetId;
    const after = before.slice(0, before.lastIndexOf('/') + 1) + name;
    link.vnetId = after;
    for (const target of [...spec.routeTables, ...spec.networkSecurityGroups]) {
      if (target.vnetId === before) target.vnetId = after;
    }
  };
}

const addVnetLink = fc
  .tuple(vnetNamePool, fc.constantFrom('rg-contoso-extra', 'rg-contoso-app-weu'))
  .map(([name, resourceGroup]): Mutation => (spec) => {
    const octet = 50 + spec.vnetLinks.length;
    spec.vnetLinks.push({
      vnetId: vnetIdIn(resourceGroup, name),
      addressSpace: [`10.${octet}.0.0/16`],
      gateway: { sku: 'ErGw1AZ' },
      routingWeight: 0,
      fastPath: false,
    });
  });

const recaseVnetId = fc.nat().map((index): Mutation => (spec) => {
  const link = spec.vnetLinks[index % spec.vnetLinks.length];
  if (link === undefined) return;
  const recased = link.vnetId
    .replace('resourceGroups', 'resourcegroups')
    .replace('Microsoft.Network/virtualNetworks', 'microsoft.network/VIRTUALNETWORKS');
  for (const target of [...spec.routeTables, ...spec.networkSecurityGroups]) {
    if (target.vnetId === link.vnetId) target.vnetId = recased;
  }
  link.vnetId = recased;
});

const setRole = fc.tuple(fc.boolean(), fc.nat(), rolePool).map(([nsg, index, role]): Mutation => (spec) => {
  const targets = nsg ? spec.networkSecurityGroups : spec.routeTables;
  const target = targets[index % targets.length];
  if (target !== undefined) target.role = role;
});

const addSubnet = fc.tuple(fc.boolean(), fc.nat(), subnetPool).map(([nsg, index, subnet]): Mutation => (spec) => {
  const targets = nsg ? spec.networkSecurityGroups : spec.routeTables;
  targets[index % targets.length]?.subnets.push(subnet);
});

/** A new route table or NSG on a linked VNet. */
const addRoutingObject = fc
  .tuple(fc.boolean(), fc.nat(), rolePool, subnetPool)
  .map(([nsg, index, role, subnet]): Mutation => (spec) => {
    const vnetId = spec.vnetLinks[index % spec.vnetLinks.length]?.vnetId;
    if (vnetId === undefined) return;
    if (nsg) {
      spec.networkSecurityGroups.push({
        role,
        vnetId,
        subnets: [subnet],
        baseline: { onPremisesPrefixes: [], denyInternetOutbound: true },
        rules: [],
      });
    } else {
      spec.routeTables.push({ role, vnetId, subnets: [subnet], routes: [], disableBgpRoutePropagation: false });
    }
  });

/** Mutations that touch only what the topology and the planner depend on (ids, names, roles, subnets). */
const collisionMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), vnetNamePool).map(([index, name]) => renameVnet(index, name)),
  addVnetLink,
  recaseVnetId,
  setRole,
  addSubnet,
  addRoutingObject,
);

/** Anything a careless or hostile caller might write in a name. */
const roughMutation: fc.Arbitrary<Mutation> = fc.oneof(
  collisionMutation,
  fc.tuple(fc.nat(), roughName(70)).map(([index, name]) => renameVnet(index, name)),
  fc.tuple(fc.boolean(), fc.nat(), roughName(90)).map(([nsg, index, subnet]): Mutation => (spec) => {
    const targets = nsg ? spec.networkSecurityGroups : spec.routeTables;
    const target = targets[index % targets.length];
    if (target !== undefined) target.subnets[0] = subnet;
  }),
  roughName(90).map((name): Mutation => (spec) => {
    const route = spec.routeTables[0]?.routes[0];
    if (route !== undefined) route.name = name;
  }),
  roughName(90).map((name): Mutation => (spec) => {
    const rule = spec.networkSecurityGroups[0]?.rules[0];
    if (rule !== undefined) rule.name = name;
  }),
  roughName(95).map((name): Mutation => (spec) => {
    spec.circuits.resourceGroup = name;
  }),
  fc.stringMatching(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/).map((id): Mutation => (spec) => {
    spec.customer.id = id;
  }),
);

function specWith(mutations: readonly Mutation[], connectTo: boolean, microsoftPeering: boolean): CustomerSpec {
  const spec = connectTo ? validConnectToSpec({ microsoftPeering }) : validConnectThroughSpec({ microsoftPeering });
  for (const mutate of mutations) mutate(spec);
  return spec;
}

// ---- Planning ----------------------------------------------------------------------------------------------------

type PlanOutcome = { ok: true; topology: Topology } | { ok: false; issues: readonly ValidationIssue[] };

/** What `plan` does with a spec whose shape parses: derive the topology, then plan building and tearing down. */
function plan(input: CustomerSpec): PlanOutcome | undefined {
  const shape = CustomerSpecSchema.safeParse(input);
  if (!shape.success) return undefined;
  try {
    const topology = deriveTopology(shape.data, TENANTS);
    planTopology(topology);
    planTeardown(topology);
    return { ok: true, topology };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, issues: error.issues };
    return { ok: false, issues: [{ path: '(plan)', rule: 'plan.threw', message: String(error) }] };
  }
}

const NAME_TYPE: Readonly<Record<ResourceIntent['kind'], AzureNamedType | undefined>> = {
  circuit: 'expressRouteCircuit',
  peering: undefined, // AzurePrivatePeering / MicrosoftPeering: fixed by Azure
  routeFilter: 'routeFilter',
  authorization: 'authorization',
  gateway: 'virtualNetworkGateway',
  connection: 'connection',
  routeTable: 'routeTable',
  nsg: 'networkSecurityGroup',
  subnetAssociation: 'subnet',
  vpnGateway: 'virtualNetworkGateway',
  localNetworkGateway: 'virtualNetworkGateway', // Azure's rule for local network gateways is the same network rule
  vpnConnection: 'connection',
};

/** Every name in the topology Azure would refuse, as `kind name` (empty when Azure takes them all). */
function illegalNames(topology: Topology): string[] {
  const illegal: string[] = [];
  const check = (name: string, type: AzureNamedType, what: string) => {
    if (!isLegalAzureName(name, type)) illegal.push(`${what} ${JSON.stringify(name)}`);
  };
  for (const resource of topology.resources) {
    canonicalArmId(resource.id); // throws on an id that does not parse
    check(resource.scope.resourceGroup, 'resourceGroup', `${resource.kind} resource group`);
    const type = NAME_TYPE[resource.kind];
    if (type !== undefined) check(resource.name, type, resource.kind);
    if (resource.kind === 'routeTable') for (const route of resource.routes) check(route.name, 'route', 'route');
    if (resource.kind === 'nsg') for (const rule of resource.rules) check(rule.name, 'securityRule', 'security rule');
    if (resource.kind === 'routeFilter') check(ROUTE_FILTER_RULE_NAME, 'routeFilterRule', 'route filter rule');
  }
  return illegal;
}

const keyOf = (issue: ValidationIssue) => `${issue.path} [${issue.rule}]`;

// ---- Properties ------------------------------------------------------------------------------------------------

describe('validate and plan agree (one source of rules)', () => {
  it('the unmutated fixtures validate and plan', () => {
    for (const connectTo of [false, true]) {
      const spec = specWith([], connectTo, true);
      expect(validateCustomerSpec(spec, CSP_CONTEXT).ok).toBe(true);
      expect(plan(spec)?.ok).toBe(true);
    }
  });

  it('property: on specs varied in what the topology and planner depend on, validation passes exactly when planning succeeds (800 specs)', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(collisionMutation, { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (mutations, connectTo, microsoftPeering) => {
          const spec = specWith(mutations, connectTo, microsoftPeering);
          const validation = validateCustomerSpec(spec, CSP_CONTEXT);
          const planned = plan(spec);
          if (planned === undefined) throw new Error('a collision mutation broke the shape');
          if (validation.ok !== planned.ok) {
            throw new Error(
              `validate ${validation.ok ? 'passed' : `refused ${validation.issues.map(keyOf).join(', ')}`} but plan ` +
                (planned.ok ? 'succeeded' : `refused ${planned.issues.map(keyOf).join(', ')}`),
            );
          }
          if (!planned.ok && !validation.ok) {
            refused += 1;
            const reported = new Set(validation.issues.map(keyOf));
            for (const issue of planned.issues) expect(reported).toContain(keyOf(issue));
          }
        },
      ),
      { numRuns: 800 },
    );
    // The generators must produce both outcomes often, or the property proves little.
    expect(refused).toBeGreaterThan(150);
    expect(refused).toBeLessThan(700);
  });

  it('property: on rough specs (illegal names too), a spec that validates plans, and every derived name is legal (800 specs)', () => {
    let valid = 0;
    fc.assert(
      fc.property(
        fc.array(roughMutation, { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (mutations, connectTo, microsoftPeering) => {
          const spec = specWith(mutations, connectTo, microsoftPeering);
          const validation = validateCustomerSpec(spec, CSP_CONTEXT);
          const planned = plan(spec);
          if (planned !== undefined && !planned.ok && validation.ok) {
            throw new Error(`validate passed but plan refused ${planned.issues.map(keyOf).join(', ')}`);
          }
          if (!validation.ok) return;
          valid += 1;
          if (planned === undefined || !planned.ok) throw new Error('a valid spec did not plan');
          expect(illegalNames(planned.topology)).toEqual([]);
        },
      ),
      { numRuns: 800 },
    );
    expect(valid).toBeGreaterThan(100);
  });
});
