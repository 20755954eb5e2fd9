/**
 * Whole customer topologies for tests against the ARM simulator: the intents (derived by the domain's
 * `deriveTopology` from the spec factories in `specs.ts`), the world they need to exist first (resource groups, the
 * customer's VNets and subnets, the customer's own ExpressRoute gateway, which tenant owns which subscription), and
 * an "ensure everything in a valid order" routine over the `NetworkPort`.
 */
import type { ArmSimulator } from '../../local/arm';
import type { ResourceIntent, ResourceKind, Scope, Topology } from '../../shared/domain/intents';
import { armIdKey, parseArmId, resourceNameOf } from '../../shared/domain/naming';
import { deriveTopology } from '../../shared/domain/topology';
import type { CircuitState, EnsureOptions, Ensured, NetworkPort, Observed } from '../../shared/ports/network';
import type { SecretResolver } from '../../shared/ports/secrets';
import { armRequest } from './armSimulator';
import {
  APP_GATEWAY_ID,
  APP_VNET_ID,
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_SUBSCRIPTION_ID,
  HUB_VNET_ID,
  validConnectThroughSpec,
  validConnectToSpec,
} from './specs';

/** The CSP's own Entra tenant (connect-through circuits live in its subscription). */
export const CSP_TENANT_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

/** Which tenant owns which subscription: what the customer registry plus the CSP configuration would say. */
export const SUBSCRIPTION_TENANTS: Readonly<Record<string, string>> = {
  [CSP_SUBSCRIPTION_ID]: CSP_TENANT_ID,
  [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID]: CONTOSO_TENANT_ID,
  [CONTOSO_WORKLOAD_SUBSCRIPTION_ID]: CONTOSO_TENANT_ID,
};

/** The BGP MD5 key "in Key Vault" for the specs' private peering. */
export const TEST_MD5_KEY = 'contoso-md5-0123456789';

export const testSecretResolver: SecretResolver = {
  resolve: (reference) =>
    reference.secret === 'contoso-bgp-md5'
      ? Promise.resolve(TEST_MD5_KEY)
      : Promise.reject(new Error(`no test secret ${reference.vault}/${reference.secret}`)),
};

/** Contoso, connect-through: circuits (and authorizations) in the CSP's subscription, VNets in two of Contoso's. */
export function connectThroughTopology(options: { microsoftPeering?: boolean } = {}): Topology {
  return deriveTopology(validConnectThroughSpec({ microsoftPeering: options.microsoftPeering ?? true }), {
    cspTenantId: CSP_TENANT_ID,
  });
}

/**
 * Contoso, connect-to: Contoso's own circuits in its connectivity subscription, linked to the hub VNet in the same
 * subscription without authorizations. The application VNet (another subscription) is left out: without an
 * authorization key that link needs `expressRouteCircuits/join/action` across subscriptions, which the simulator
 * (like a customer without that role) refuses with LinkedAuthorizationFailed.
 */
export function connectToTopology(options: { microsoftPeering?: boolean } = {}): Topology {
  const spec = validConnectToSpec({ microsoftPeering: options.microsoftPeering ?? false });
  spec.vnetLinks = spec.vnetLinks.filter((link) => link.vnetId === HUB_VNET_ID);
  return deriveTopology(spec, { cspTenantId: CSP_TENANT_ID });
}

interface VnetSeed {
  readonly id: string;
  readonly addressSpace: readonly string[];
  readonly subnets: readonly { readonly name: string; readonly addressPrefix: string }[];
}

/** The customer's VNets as they exist before onboarding (the automation never creates them). */
export const CUSTOMER_VNETS: readonly VnetSeed[] = [
  {
    id: HUB_VNET_ID,
    addressSpace: ['10.10.0.0/16'],
    subnets: [
      { name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' },
      { name: 'snet-shared-services', addressPrefix: '10.10.1.0/24' },
      { name: 'snet-management', addressPrefix: '10.10.2.0/24' },
    ],
  },
  {
    id: APP_VNET_ID,
    addressSpace: ['10.20.0.0/16', '10.21.0.0/16'],
    subnets: [
      { name: 'GatewaySubnet', addressPrefix: '10.20.255.0/27' },
      { name: 'snet-app', addressPrefix: '10.20.1.0/24' },
      { name: 'snet-data', addressPrefix: '10.20.2.0/24' },
    ],
  },
];

const LOCATION = 'westeurope';

/**
 * Seeds what must exist before onboarding: tenants bound to subscriptions (tokens from another tenant get 401), the
 * resource groups, Contoso's VNets, and Contoso's own (untagged) ExpressRoute gateway in the application VNet.
 */
export async function seedCustomerWorld(sim: ArmSimulator, topology: Topology): Promise<void> {
  for (const [subscriptionId, tenantId] of Object.entries(SUBSCRIPTION_TENANTS)) {
    sim.control.setSubscriptionTenant(subscriptionId, tenantId);
  }
  const groups = new Map<string, { subscriptionId: string; resourceGroup: string }>();
  const noteGroup = (id: string) => {
    const { subscriptionId, resourceGroup } = parseArmId(id);
    groups.set(`${subscriptionId}/${resourceGroup}`.toLowerCase(), { subscriptionId, resourceGroup });
  };
  topology.resources.forEach((intent) => {
    noteGroup(intent.id);
  });
  CUSTOMER_VNETS.forEach((vnet) => {
    noteGroup(vnet.id);
  });
  for (const { subscriptionId, resourceGroup } of groups.values()) {
    sim.control.seedResourceGroup(subscriptionId, resourceGroup, LOCATION);
  }
  for (const vnet of CUSTOMER_VNETS) {
    const { subscriptionId, resourceGroup } = parseArmId(vnet.id);
    sim.control.seedVirtualNetwork(subscriptionId, resourceGroup, resourceNameOf(vnet.id), {
      location: LOCATION,
      addressSpace: vnet.addressSpace,
      subnets: vnet.subnets,
    });
  }
  await seedCustomerGateway(sim);
}

/** Contoso's own gateway (no automation tag), built and Succeeded. */
async function seedCustomerGateway(sim: ArmSimulator): Promise<void> {
  const response = await armRequest(sim, 'PUT', APP_GATEWAY_ID, {
    body: {
      location: LOCATION,
      tags: { owner: 'contoso-netops' },
      properties: {
        gatewayType: 'ExpressRoute',
        sku: { name: 'ErGw3AZ', tier: 'ErGw3AZ' },
        ipConfigurations: [{ name: 'default', properties: { subnet: { id: `${APP_VNET_ID}/subnets/GatewaySubnet` } } }],
      },
    },
  });
  if (response.status >= 300) throw new Error(`seeding the customer's gateway failed: ${response.text}`);
  const operation = response.headers['azure-asyncoperation'];
  // Polling moves the simulator's virtual clock to the end of the build.
  if (typeof operation === 'string') await armRequest(sim, 'GET', operation, { apiVersion: null });
}

/** One intent through the port, whatever its kind. */
export function ensureIntent(port: NetworkPort, intent: ResourceIntent, options?: EnsureOptions): Promise<Ensured> {
  switch (intent.kind) {
    case 'circuit':
      return port.ensureCircuit(intent, options);
    case 'peering':
      return port.ensurePeering(intent, options);
    case 'routeFilter':
      return port.ensureRouteFilter(intent, options);
    case 'authorization':
      return port.ensureAuthorization(intent, options);
    case 'gateway':
      return port.ensureGateway(intent, options);
    case 'connection':
      return port.ensureConnection(intent, options);
    case 'routeTable':
      return port.ensureRouteTable(intent, options);
    case 'nsg':
      return port.ensureNsg(intent, options);
    case 'subnetAssociation':
      return port.ensureSubnetAssociation(intent, options);
    case 'vpnGateway':
      return port.ensureVpnGateway(intent, options);
    case 'localNetworkGateway':
      return port.ensureLocalNetworkGateway(intent, options);
    case 'vpnConnection':
      return port.ensureVpnConnection(intent, options);
  }
}

/**
 * Desired intents as a diff against what Azure returns can see them: the reference-only fields ARM cannot return
 * dropped (`md5Key`, `authorization`), and the customer's existing gateways left out (they are not the automation's).
 */
export function comparableWithAzure(intents: readonly ResourceIntent[]): ResourceIntent[] {
  return intents
    .filter((intent) => !(intent.kind === 'gateway' && intent.existing))
    .map((intent) => {
      if (intent.kind === 'peering') {
        const { md5Key: _md5Key, ...rest } = intent;
        return rest;
      }
      if (intent.kind === 'connection') {
        const { authorization: _authorization, ...rest } = intent;
        return rest;
      }
      if (intent.kind === 'vpnConnection')
        return { ...intent, sharedKey: { vault: '', secret: '' }, expressRouteGatewayId: '' };
      return intent;
    });
}

const CHILD_KINDS: readonly ResourceKind[] = ['peering', 'authorization', 'subnetAssociation'];

/**
 * What Azure holds of a topology, for a diff against `comparableWithAzure(resources)`: each of those resources read
 * back by reference, each circuit's peerings and authorizations by the names its GET gives, and every other resource
 * the automation manages (of the topology's top-level kinds) in the resource groups the topology uses, so that a diff
 * shows one too many as a delete.
 */
export async function readBackTopology(
  port: Required<Pick<NetworkPort, 'read' | 'listInResourceGroup'>>,
  resources: readonly ResourceIntent[],
): Promise<Observed[]> {
  const found = new Map<string, Observed>();
  const keep = (observed: Observed | undefined) => {
    if (observed !== undefined && !found.has(armIdKey(observed.intent.id))) {
      found.set(armIdKey(observed.intent.id), observed);
    }
  };
  const wanted = comparableWithAzure(resources);
  for (const { kind, id, scope } of wanted) keep(await port.read({ kind, id, scope }));
  for (const { intent, state } of [...found.values()]) {
    if (intent.kind !== 'circuit') continue;
    const { peeringNames, authorizationNames } = state as CircuitState;
    for (const name of peeringNames) {
      keep(await port.read({ kind: 'peering', id: `${intent.id}/peerings/${name}`, scope: intent.scope }));
    }
    for (const name of authorizationNames) {
      keep(await port.read({ kind: 'authorization', id: `${intent.id}/authorizations/${name}`, scope: intent.scope }));
    }
  }
  const topLevel = wanted.filter((intent) => !CHILD_KINDS.includes(intent.kind));
  const kinds = [...new Set(topLevel.map((intent) => intent.kind))];
  const groups = new Map<string, Scope>();
  for (const { scope } of topLevel) groups.set(`${scope.subscriptionId}/${scope.resourceGroup}`.toLowerCase(), scope);
  for (const scope of groups.values()) {
    for (const observed of await port.listInResourceGroup(scope, kinds)) if (observed.state.managed) keep(observed);
  }
  return [...found.values()];
}

export interface EnsureRun {
  readonly results: readonly { readonly intent: ResourceIntent; readonly ensured: Ensured }[];
}

/**
 * Ensures a whole topology in a valid order: the circuits; then the provider's side (`provision`, for circuits it
 * has not provisioned yet); then everything else in the topology's own order (peerings, route filter, gateways,
 * authorizations, connections, route tables, NSGs, subnet associations).
 */
export async function ensureTopology(
  port: NetworkPort,
  topology: Topology,
  provision: (circuitId: string) => void,
): Promise<EnsureRun> {
  const results: { intent: ResourceIntent; ensured: Ensured }[] = [];
  const circuits = topology.resources.filter((intent) => intent.kind === 'circuit');
  for (const circuit of circuits) {
    const ensured = await ensureIntent(port, circuit);
    results.push({ intent: circuit, ensured });
    const state = ensured.state as { serviceProviderProvisioningState?: string };
    if (state.serviceProviderProvisioningState !== 'Provisioned') provision(circuit.id);
  }
  for (const intent of topology.resources) {
    if (intent.kind === 'circuit') continue;
    results.push({ intent, ensured: await ensureIntent(port, intent) });
  }
  return { results };
}
