import { CUSTOMER_TAG } from '../../../shared/domain/intents';
import type { ResourceIntent } from '../../../shared/domain/intents';
import {
  readCustomerResources,
  toView,
  withPairs,
  type CustomerTopologyPorts,
} from '../../../shared/services/customerTopology';
import { asFabrikam } from '../../support/onboardingScenarios';
import {
  CONTOSO_RECORD,
  TEST_CSP,
  asBuilt,
  desiredOf,
  fakeCheckpoints,
  fakeCustomers,
  fakeInventory,
  fakeNetwork,
  type FakeInventory,
  type FakeNetwork,
} from '../../support/readOnlyFakes';
import {
  APP_GATEWAY_ID,
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_SUBSCRIPTION_ID,
  validConnectThroughSpec,
} from '../../support/specs';

const CSP_TENANT_ID = TEST_CSP.tenantId;
const ports = (network: FakeNetwork, inventory: FakeInventory = fakeInventory(network)): CustomerTopologyPorts => ({
  network,
  customers: fakeCustomers([CONTOSO_RECORD]),
  csp: TEST_CSP,
  checkpoints: fakeCheckpoints(),
  inventory,
});

/** Contoso as onboarding leaves it, with each authorization redeemed by its connection. */
function onboardedContoso(network: FakeNetwork): readonly ResourceIntent[] {
  const desired = desiredOf(validConnectThroughSpec());
  for (const intent of desired) {
    const redeemedBy = desired.find((r) => r.kind === 'connection' && r.authorization?.id === intent.id);
    network.hold(asBuilt(intent, redeemedBy === undefined ? {} : { connectionResourceUri: redeemedBy.id }));
  }
  return desired;
}

/**
 * The read the decommission and migration plans use, every resource confirmed with a GET (the customer view reads
 * Resource Graph alone: customerView.ts), shown as the view shows resources.
 */
async function describeCustomer(customerId: string, topologyPorts: CustomerTopologyPorts) {
  const record = await topologyPorts.customers.get(customerId);
  if (record === undefined) return undefined;
  const { etag: _etag, ...customer } = record;
  return { customer, resources: withPairs((await readCustomerResources(record, topologyPorts)).map(toView)) };
}

describe('readCustomerResources, as the view shows resources', () => {
  let network: FakeNetwork;
  beforeEach(() => {
    network = fakeNetwork();
  });
  afterEach(() => {
    expect(network.writes).toEqual([]);
    // Never a list of a subscription: the CSP's one holds every customer's circuits.
    expect(network.lists).toEqual([]);
  });

  it('is undefined for a customer the registry does not know', async () => {
    expect(await describeCustomer('northwind', ports(network))).toBeUndefined();
    expect(network.reads).toEqual([]);
  });

  it('shows the registry entry without its storage version', async () => {
    const view = await describeCustomer('contoso', ports(network));
    expect(view?.customer).toEqual(
      expect.objectContaining({ id: 'contoso', tenantId: CONTOSO_TENANT_ID, status: 'Active' }),
    );
    expect(view?.customer).not.toHaveProperty('etag');
  });

  it('lists every resource of the customer with its ARM id and states, the customer gateway included', async () => {
    const desired = onboardedContoso(network);
    const view = await describeCustomer('contoso', ports(network));
    expect(new Set(view?.resources.map((r) => r.id))).toEqual(new Set(desired.map((r) => r.id)));

    const circuit = view?.resources.find((r) => r.kind === 'circuit');
    expect(circuit?.state).toEqual({
      provisioningState: 'Succeeded',
      serviceProviderProvisioningState: 'Provisioned',
      circuitProvisioningState: 'Enabled',
    });
    expect(circuit?.peeringLocation).toBe('Amsterdam');
    expect(view?.resources.find((r) => r.kind === 'peering')?.state.peeringState).toBe('Enabled');
    expect(view?.resources.find((r) => r.kind === 'connection')?.state.connectionStatus).toBe('Connected');
    const authorization = view?.resources.find((r) => r.kind === 'authorization');
    expect(authorization?.state.authorizationUseStatus).toBe('InUse');
    expect(authorization?.connectionId).toMatch(/\/connections\/cn-/);
    expect(view?.resources.find((r) => r.id === APP_GATEWAY_ID)?.managed).toBe(false);
  });

  it('carries no key of any sort: neither the service key nor anything named like a key', async () => {
    onboardedContoso(network);
    const text = JSON.stringify(await describeCustomer('contoso', ports(network)));
    expect(text).not.toContain('sk-0000');
    expect(text).not.toMatch(/key"/i);
    expect(text).not.toContain('md5');
  });

  it("leaves out another customer's resources in the same CSP subscription", async () => {
    onboardedContoso(network);
    const fabrikam = desiredOf(asFabrikam(validConnectThroughSpec()));
    for (const intent of fabrikam) network.hold(asBuilt(intent));
    const view = await describeCustomer('contoso', ports(network));
    expect(view?.resources.filter((r) => /fabrikam/.test(r.id))).toEqual([]);
    expect(view?.resources.filter((r) => r.kind === 'circuit')).toHaveLength(2);
  });

  it('reads by name the gateways and connections of registered VNets that neither the index nor a checkpoint names', async () => {
    const desired = onboardedContoso(network);
    const inventory = fakeInventory(network);
    const hubSide = desired.filter(
      (r) =>
        (r.kind === 'gateway' || r.kind === 'connection') &&
        r.scope.subscriptionId === CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
    );
    expect(hubSide.length).toBe(3);
    for (const resource of hubSide) inventory.notIndexedYet(resource.id);

    const view = await describeCustomer('contoso', ports(network, inventory));
    const ids = new Set(view?.resources.map((r) => r.id));
    for (const resource of hubSide) expect(ids).toContain(resource.id);
  });

  it('queries Resource Graph with the CSP tenant for the circuit subscription and the customer tenant for the allow-list, and reads the circuits with the CSP tenant', async () => {
    onboardedContoso(network);
    const inventory = fakeInventory(network);
    await describeCustomer('contoso', ports(network, inventory));
    expect(inventory.queries).toEqual([
      {
        customerId: 'contoso',
        scopes: [
          { tenantId: CSP_TENANT_ID, subscriptionIds: [CSP_SUBSCRIPTION_ID] },
          {
            tenantId: CONTOSO_TENANT_ID,
            subscriptionIds: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
          },
        ],
      },
    ]);
    const tenantOfRead = (kind: string) =>
      new Set(network.reads.filter((r) => r.kind === kind).map((r) => r.scope.tenantId));
    expect(tenantOfRead('circuit')).toEqual(new Set([CSP_TENANT_ID]));
    expect(tenantOfRead('gateway')).toEqual(new Set([CONTOSO_TENANT_ID]));
  });

  it('keeps only resources tagged for this customer', async () => {
    const [circuit] = desiredOf(validConnectThroughSpec());
    if (circuit?.kind !== 'circuit') throw new Error('no circuit');
    network.hold(asBuilt({ ...circuit, tags: { ...circuit.tags, [CUSTOMER_TAG]: 'someone-else' } }));
    const view = await describeCustomer('contoso', ports(network));
    expect(view?.resources).toEqual([]);
  });
});
