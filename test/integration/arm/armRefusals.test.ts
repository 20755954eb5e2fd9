/**
 * Every refusal surfaces as an `ArmOperationError` with a stable code and the right retryable flag, and leaves
 * Azure as it was. Some are the adapter's own checks (no request is sent), some are ARM's (the simulator's).
 */
import type {
  AuthorizationIntent,
  CircuitIntent,
  ConnectionIntent,
  NsgIntent,
  PeeringIntent,
  ResourceIntent,
  RouteTableIntent,
  SubnetAssociationIntent,
} from '../../../shared/domain/intents';
import { ArmOperationError } from '../../../shared/errors';
import type { ResourceRef } from '../../../shared/ports/network';
import { armRequest } from '../../support/armSimulator';
import { HUB_VNET_ID, APP_VNET_ID } from '../../support/specs';
import { connectThroughTopology, ensureTopology, seedCustomerWorld } from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness } from './armAdapterHarness';

const topology = connectThroughTopology({ microsoftPeering: true });
let harness: AdapterHarness;

function find<K extends ResourceIntent['kind']>(
  kind: K,
  where: (intent: Extract<ResourceIntent, { kind: K }>) => boolean = () => true,
) {
  const found = topology.resources.find(
    (intent): intent is Extract<ResourceIntent, { kind: K }> =>
      intent.kind === kind && where(intent as Extract<ResourceIntent, { kind: K }>),
  );
  if (found === undefined) throw new Error(`no ${kind} in the topology`);
  return found;
}

const circuitA: CircuitIntent = find('circuit', (intent) => intent.leg === 'a');
const privatePeeringA: PeeringIntent = find(
  'peering',
  (intent) => intent.circuitId === circuitA.id && intent.microsoft === undefined,
);

/** The ArmOperationError a promise rejects with (fails the test otherwise). */
async function refusal(promise: Promise<unknown>): Promise<ArmOperationError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof ArmOperationError)) throw new Error(`expected an ArmOperationError, got ${String(outcome)}`);
  return outcome;
}

function writesTo(type: string): number {
  const operations = harness.sim.control.counters().byOperation;
  return (operations[`PUT Microsoft.Network/${type}`] ?? 0) + (operations[`DELETE Microsoft.Network/${type}`] ?? 0);
}

function refOf(intent: ResourceIntent): ResourceRef {
  return { kind: intent.kind, id: intent.id, scope: intent.scope };
}

beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
  await ensureTopology(harness.adapter, topology, (circuitId) => harness.sim.control.provision(circuitId));
});

afterAll(async () => {
  await harness.sim.stop();
});

beforeEach(() => {
  harness.sim.control.resetCounters();
});

describe('circuits', () => {
  const spare: CircuitIntent = {
    ...circuitA,
    id: circuitA.id.replace(/er-contoso-a$/, 'er-contoso-spare'),
    name: 'er-contoso-spare',
  };

  it('a peering before the provider provisioned the circuit: refused, nothing sent', async () => {
    await harness.adapter.ensureCircuit(spare);
    const peering: PeeringIntent = {
      ...privatePeeringA,
      id: `${spare.id}/peerings/AzurePrivatePeering`,
      circuitId: spare.id,
    };
    const error = await refusal(harness.adapter.ensurePeering(peering));
    expect(error).toMatchObject({
      code: 'ExpressRouteCircuitNotProvisionedByServiceProvider',
      retryable: false,
      target: peering.id,
    });
    expect(writesTo('expressRouteCircuits/peerings')).toBe(0);
    expect(harness.sim.control.get(peering.id)).toBeUndefined();
  });

  it('a bandwidth increase is written and read back; a decrease is refused before any write', async () => {
    const upgraded = await harness.adapter.ensureCircuit({ ...spare, bandwidthMbps: 2000 });
    expect(upgraded).toMatchObject({
      outcome: 'updated',
      intent: { bandwidthMbps: 2000 },
      state: { circuitProvisioningState: 'Enabled' },
    });
    harness.sim.control.resetCounters();
    const error = await refusal(harness.adapter.ensureCircuit({ ...spare, bandwidthMbps: 1000 }));
    expect(error).toMatchObject({ code: 'ExpressRouteCircuitBandwidthDecreaseNotAllowed', retryable: false });
    expect(writesTo('expressRouteCircuits')).toBe(0);
    expect(harness.sim.control.get(spare.id)?.properties).toMatchObject({
      serviceProviderProperties: { bandwidthInMbps: 2000 },
    });
  });

  it('a bandwidth the provider does not offer is refused before any write', async () => {
    const colt: CircuitIntent = {
      ...spare,
      id: spare.id.replace(/spare$/, 'colt'),
      name: 'er-contoso-colt',
      serviceProviderName: 'Colt',
      bandwidthMbps: 2000,
    };
    const error = await refusal(harness.adapter.ensureCircuit(colt));
    expect(error).toMatchObject({ code: 'ExpressRouteCircuitBandwidthNotOffered', retryable: false });
    expect(error.message).toContain('offered: 50, 100, 200, 500, 1000, 10000');
    expect(writesTo('expressRouteCircuits')).toBe(0);
  });

  it('deleting a circuit the provider still has: refused, non-retryable, circuit still there', async () => {
    const error = await refusal(harness.adapter.delete(refOf(circuitA)));
    expect(error).toMatchObject({ code: 'CircuitProvisionedCannotDelete', retryable: false });
    expect(error.message).toContain('Provisioned');
    expect(writesTo('expressRouteCircuits')).toBe(0);
    expect(harness.sim.control.get(circuitA.id)).toBeDefined();
  });
});

describe('gateway subnet rules', () => {
  const hubNsg: NsgIntent = find('nsg', (intent) => intent.id.includes('rg-contoso-network-weu'));
  const hubTable: RouteTableIntent = find('routeTable', (intent) => intent.id.includes('rg-contoso-network-weu'));
  const forcedTunnelTable: RouteTableIntent = find('routeTable', (intent) =>
    intent.routes.some((route) => route.addressPrefix === '0.0.0.0/0'),
  );
  const gatewaySubnet = (vnetId: string, references: Partial<SubnetAssociationIntent>): SubnetAssociationIntent => ({
    kind: 'subnetAssociation',
    id: `${vnetId}/subnets/GatewaySubnet`,
    name: 'GatewaySubnet',
    vnetId,
    scope: vnetId === HUB_VNET_ID ? hubNsg.scope : forcedTunnelTable.scope,
    ...references,
  });

  it('an NSG on GatewaySubnet: refused, the subnet untouched', async () => {
    const intent = gatewaySubnet(HUB_VNET_ID, { nsgId: hubNsg.id });
    const error = await refusal(harness.adapter.ensureSubnetAssociation(intent));
    expect(error).toMatchObject({ code: 'NetworkSecurityGroupNotAllowedOnGatewaySubnet', retryable: false });
    expect(writesTo('virtualNetworks/subnets')).toBe(0);
    expect(harness.sim.control.get(intent.id)?.properties).not.toHaveProperty('networkSecurityGroup');
  });

  it('a route table with 0.0.0.0/0 on GatewaySubnet: refused', async () => {
    const intent = gatewaySubnet(APP_VNET_ID, { routeTableId: forcedTunnelTable.id });
    const error = await refusal(harness.adapter.ensureSubnetAssociation(intent));
    expect(error).toMatchObject({ code: 'DefaultRouteNotAllowedOnGatewaySubnet', retryable: false });
    expect(writesTo('virtualNetworks/subnets')).toBe(0);
  });

  it('adding 0.0.0.0/0 to a route table that GatewaySubnet already uses: refused before the write', async () => {
    const association = gatewaySubnet(HUB_VNET_ID, { routeTableId: hubTable.id });
    expect((await harness.adapter.ensureSubnetAssociation(association)).outcome).toBe('created');
    harness.sim.control.resetCounters();
    const withDefaultRoute: RouteTableIntent = {
      ...hubTable,
      routes: [
        ...hubTable.routes,
        { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.4' },
      ],
    };
    const error = await refusal(harness.adapter.ensureRouteTable(withDefaultRoute));
    expect(error).toMatchObject({ code: 'DefaultRouteNotAllowedOnGatewaySubnet', retryable: false });
    expect(writesTo('routeTables')).toBe(0);
    // Taking the association away again removes only the automation's reference.
    expect(await harness.adapter.delete(refOf(association))).toBe('deleted');
    expect(harness.sim.control.get(association.id)?.properties).not.toHaveProperty('routeTable');
    expect(await harness.adapter.delete(refOf(association))).toBe('absent');
  });
});

describe('authorizations', () => {
  it('redeeming an authorization another connection already holds: AuthorizationInUse, not retryable, nothing created', async () => {
    const holder: ConnectionIntent = find(
      'connection',
      (intent) => intent.authorization !== undefined && intent.leg === 'a',
    );
    const intruder: ConnectionIntent = {
      ...holder,
      id: holder.id.replace(/[^/]+$/, 'cn-intruder'),
      name: 'cn-intruder',
    };
    const error = await refusal(harness.adapter.ensureConnection(intruder));
    expect(error).toMatchObject({ code: 'AuthorizationInUse', retryable: false });
    expect(error.message).toContain(holder.id);
    expect(writesTo('connections')).toBe(0);
    expect(harness.sim.control.get(intruder.id)).toBeUndefined();
  });
});

describe('concurrent writes to one circuit', () => {
  const extra: AuthorizationIntent = {
    ...find('authorization', (intent) => intent.circuitId === circuitA.id),
    id: `${circuitA.id}/authorizations/auth-concurrency`,
    name: 'auth-concurrency',
  };

  /** Another writer (e.g. a second worker) starts a circuit PUT and does not wait for it. */
  async function otherWriterHoldsTheCircuit(): Promise<void> {
    const current = await armRequest(harness.sim, 'GET', circuitA.id);
    const started = await armRequest(harness.sim, 'PUT', circuitA.id, { body: current.body });
    expect(started.status).toBe(200);
  }

  it('without retries: the conflict surfaces as a retryable ArmOperationError with ARM’s code', async () => {
    await otherWriterHoldsTheCircuit();
    const impatient = harness.adapterWith({ retry: { maxRetries: 0, maxBusinessRetries: 0 }, operationAttempts: 1 });
    const error = await refusal(impatient.ensureAuthorization(extra));
    expect(error).toMatchObject({
      code: 'RetryableErrorDueToAnotherOperation',
      statusCode: 429,
      retryable: true,
      retryAfterMs: 0,
    });
  });

  it('with retries (the default): the adapter waits its turn and succeeds', async () => {
    await otherWriterHoldsTheCircuit();
    harness.retries.length = 0;
    expect((await harness.adapter.ensureAuthorization(extra)).outcome).toBe('created');
    expect(harness.retries.map((retry) => retry.reason)).toContain(
      '429 RetryableErrorDueToAnotherOperation (Retry-After)',
    );
    expect(await harness.adapter.delete(refOf(extra))).toBe('deleted');
  });
});

describe('decommissioning out of order (ARM’s refusals, passed through)', () => {
  it('refuses a circuit with connections, then with authorizations, then with peerings; deletes it when bare', async () => {
    const { adapter, sim } = harness;
    const legA = (intent: ResourceIntent) =>
      ('circuitId' in intent && intent.circuitId === circuitA.id) ||
      (intent.kind === 'connection' && intent.leg === 'a');
    sim.control.setProviderState(circuitA.id, 'NotProvisioned');

    const codes: string[] = [];
    const attempt = async () => {
      const error = await refusal(adapter.delete(refOf(circuitA)));
      expect(error.retryable).toBe(false);
      codes.push(error.code);
    };
    await attempt();
    for (const connection of topology.resources.filter((intent) => intent.kind === 'connection' && legA(intent))) {
      expect(await adapter.delete(refOf(connection))).toBe('deleted');
    }
    await attempt();
    for (const authorization of topology.resources.filter(
      (intent) => intent.kind === 'authorization' && legA(intent),
    )) {
      expect(await adapter.delete(refOf(authorization))).toBe('deleted');
    }
    await attempt();
    for (const peering of topology.resources.filter((intent) => intent.kind === 'peering' && legA(intent))) {
      expect(await adapter.delete(refOf(peering))).toBe('deleted');
    }
    expect(codes).toEqual([
      'ExpressRouteCircuitHasConnections',
      'ExpressRouteCircuitHasAuthorizations',
      'ExpressRouteCircuitHasPeerings',
    ]);
    expect(await adapter.delete(refOf(circuitA))).toBe('deleted');
    expect(await adapter.delete(refOf(circuitA))).toBe('absent');
    expect(sim.control.get(circuitA.id)).toBeUndefined();
  });
});
