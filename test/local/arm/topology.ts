/** Builds the usual ExpressRoute topology through the simulator's REST API (virtual time: every LRO is one poll). */
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import { armRequest, circuitId, PRIVATE_PEERING_BODY, providerCircuitBody } from '../../support/armSimulator';

export function networkPath(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${type}/${name}`;
}

/** Polls the operation a PUT/DELETE started until it is terminal (virtual time: the second poll); the final body. */
export async function finish(sim: TestArmSimulator, response: ArmHttpResponse): Promise<{ status: string }> {
  const url = response.headers['azure-asyncoperation'];
  if (typeof url !== 'string') throw new Error(`no Azure-AsyncOperation on ${response.status}: ${response.text}`);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const poll = await armRequest(sim, 'GET', url);
    const outcome: { status: string } = poll.body;
    if (outcome.status !== 'InProgress') return outcome;
  }
  throw new Error(`operation ${url} still InProgress after 5 polls`);
}

/** PUT and wait; fails the test when ARM refuses or the operation fails. */
export async function putAndWait(sim: TestArmSimulator, path: string, body: unknown): Promise<ArmHttpResponse> {
  const response = await armRequest(sim, 'PUT', path, { body });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`PUT ${path} → ${response.status} ${response.text}`);
  }
  const outcome = await finish(sim, response);
  if (outcome.status !== 'Succeeded') throw new Error(`PUT ${path} ended ${JSON.stringify(outcome)}`);
  return armRequest(sim, 'GET', path);
}

export interface Hub {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vnetId: string;
  readonly gatewaySubnetId: string;
  readonly workloadSubnetId: string;
  readonly gatewayId: string;
}

/** A customer hub: resource group, VNet (GatewaySubnet + workload), and optionally an ExpressRoute gateway. */
export async function customerHub(
  sim: TestArmSimulator,
  subscriptionId: string,
  resourceGroup: string,
  options: { gateway: boolean } = { gateway: true },
): Promise<Hub> {
  sim.control.seedResourceGroup(subscriptionId, resourceGroup, 'westeurope');
  const vnet = sim.control.seedVirtualNetwork(subscriptionId, resourceGroup, 'vnet-hub', {
    location: 'westeurope',
    addressSpace: ['10.1.0.0/16'],
    subnets: [
      { name: 'GatewaySubnet', addressPrefix: '10.1.255.0/27' },
      { name: 'workload', addressPrefix: '10.1.1.0/24' },
    ],
  });
  const gatewayId = networkPath(subscriptionId, resourceGroup, 'virtualNetworkGateways', 'ergw-hub');
  if (options.gateway) {
    await putAndWait(sim, gatewayId, {
      location: 'westeurope',
      properties: {
        gatewayType: 'ExpressRoute',
        sku: { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
        ipConfigurations: [{ name: 'default', properties: { subnet: { id: `${vnet.id}/subnets/GatewaySubnet` } } }],
      },
    });
  }
  return {
    subscriptionId,
    resourceGroup,
    vnetId: vnet.id,
    gatewaySubnetId: `${vnet.id}/subnets/GatewaySubnet`,
    workloadSubnetId: `${vnet.id}/subnets/workload`,
    gatewayId,
  };
}

/** A circuit the provider has Provisioned, with private peering; returns its id. */
export async function readyCircuit(
  sim: TestArmSimulator,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): Promise<string> {
  if (!sim.control.get(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`)) {
    sim.control.seedResourceGroup(subscriptionId, resourceGroup, 'westeurope');
  }
  const id = circuitId(subscriptionId, resourceGroup, name);
  await putAndWait(sim, id, providerCircuitBody());
  sim.control.provision(id);
  await putAndWait(sim, `${id}/peerings/AzurePrivatePeering`, PRIVATE_PEERING_BODY);
  return id;
}

export function connectionBody(gatewayId: string, circuit: string, authorizationKey?: string): unknown {
  return {
    location: 'westeurope',
    properties: {
      connectionType: 'ExpressRoute',
      virtualNetworkGateway1: { id: gatewayId },
      peer: { id: circuit },
      routingWeight: 10,
      ...(authorizationKey === undefined ? {} : { authorizationKey }),
    },
  };
}
