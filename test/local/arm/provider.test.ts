/**
 * The connectivity provider's state machine per circuit: automatic progress after creation (or none, for a
 * provider that never acts), and the provider-facing control API: provision, deprovision, force a state.
 */
import type { TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  PRIVATE_PEERING_BODY,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { finish, putAndWait } from './topology';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const RG = 'rg-er';
const CIRCUIT = circuitId(TEST_SUBSCRIPTION, RG, 'er-a');

async function withSimulator(
  options: Parameters<typeof startTestArmSimulator>[0],
  test: (sim: TestArmSimulator) => Promise<void>,
): Promise<void> {
  const sim = await startTestArmSimulator(options);
  try {
    sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
    await test(sim);
  } finally {
    await sim.stop();
  }
}

async function providerState(sim: TestArmSimulator): Promise<string> {
  return String((await armRequest(sim, 'GET', CIRCUIT)).body.properties.serviceProviderProvisioningState);
}

it('by default the provider starts half-way and reports Provisioned 3 days after creation', () =>
  withSimulator({}, async (sim) => {
    const created = sim.clock.now();
    const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
    await finish(sim, put);
    expect(await providerState(sim)).toBe('NotProvisioned');
    sim.clock.advanceTo(created + 1.5 * DAY - 1);
    expect(await providerState(sim)).toBe('NotProvisioned');
    sim.clock.advanceTo(created + 1.5 * DAY);
    expect(sim.control.get(CIRCUIT)?.properties.serviceProviderProvisioningState).toBe('Provisioning');
    sim.clock.advanceTo(created + 3 * DAY);
    expect(await providerState(sim)).toBe('Provisioned');
    const circuit = await armRequest(sim, 'GET', CIRCUIT);
    expect(circuit.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      circuitProvisioningState: 'Enabled',
    });
  }));

it('follows configured delays (provider.provisionAfterMs, provisioningStartsAfterMs)', () =>
  withSimulator({ provider: { provisionAfterMs: 2 * HOUR, provisioningStartsAfterMs: 10 * 60_000 } }, async (sim) => {
    const created = sim.clock.now();
    await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
    sim.clock.advanceTo(created + 10 * 60_000);
    expect(await providerState(sim)).toBe('Provisioning');
    sim.clock.advanceTo(created + 2 * HOUR);
    expect(await providerState(sim)).toBe('Provisioned');
  }));

it("a provider that never acts ('never') leaves the circuit NotProvisioned", () =>
  withSimulator({ provider: { provisionAfterMs: 'never' } }, async (sim) => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.clock.advanceBy(90 * DAY);
    expect(await providerState(sim)).toBe('NotProvisioned');
  }));

it('provision() finishes the provider’s work now and cancels the automatic steps', () =>
  withSimulator({}, async (sim) => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    const provisioned = sim.control.provision(CIRCUIT);
    expect(provisioned.properties.serviceProviderProvisioningState).toBe('Provisioned');
    sim.control.setProviderState(CIRCUIT, 'NotProvisioned');
    sim.clock.advanceBy(10 * DAY);
    expect(await providerState(sim)).toBe('NotProvisioned');
  }));

it('deprovision() is refused while peerings exist, then goes Deprovisioning → NotProvisioned after the delay', () =>
  withSimulator({ provider: { deprovisionAfterMs: 4 * HOUR } }, async (sim) => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    expect(() => sim.control.deprovision(CIRCUIT)).toThrow(/Provisioned/);
    sim.control.provision(CIRCUIT);
    await putAndWait(sim, `${CIRCUIT}/peerings/AzurePrivatePeering`, PRIVATE_PEERING_BODY);
    expect(() => sim.control.deprovision(CIRCUIT)).toThrow(/peerings exist: AzurePrivatePeering/);
    await finish(sim, await armRequest(sim, 'DELETE', `${CIRCUIT}/peerings/AzurePrivatePeering`));

    expect(sim.control.deprovision(CIRCUIT).properties.serviceProviderProvisioningState).toBe('Deprovisioning');
    expect((await armRequest(sim, 'DELETE', CIRCUIT)).status).toBe(400);
    sim.clock.advanceBy(4 * HOUR - 1);
    expect(await providerState(sim)).toBe('Deprovisioning');
    sim.clock.advanceBy(1);
    expect(await providerState(sim)).toBe('NotProvisioned');
    const deleted = await armRequest(sim, 'DELETE', CIRCUIT);
    expect(deleted.status).toBe(202);
    await finish(sim, deleted);
    expect((await armRequest(sim, 'GET', CIRCUIT)).status).toBe(404);
  }));

it("deprovisionAfterMs 'never' stays Deprovisioning; unknown circuits are refused", () =>
  withSimulator({ provider: { deprovisionAfterMs: 'never' } }, async (sim) => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    sim.control.provision(CIRCUIT);
    sim.control.deprovision(CIRCUIT);
    sim.clock.advanceBy(365 * DAY);
    expect(await providerState(sim)).toBe('Deprovisioning');
    expect(() => sim.control.provision(`${CIRCUIT}-missing`)).toThrow(/no ExpressRoute circuit/);
  }));

it('is driven over HTTP too: POST /__sim/provider/{provision,deprovision,state}', () =>
  withSimulator({ provider: { deprovisionAfterMs: 0 } }, async (sim) => {
    await putAndWait(sim, CIRCUIT, providerCircuitBody());
    const control = (
      path: string,
      body: unknown,
    ): Promise<{ status: number; body: { properties?: { serviceProviderProvisioningState?: string } } }> =>
      armRequest(sim, 'POST', `/__sim/provider/${path}`, { body, apiVersion: null, token: null });
    const provisioned = await control('provision', {
      circuitId: CIRCUIT.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'),
    });
    expect(provisioned.status).toBe(200);
    expect(provisioned.body.properties?.serviceProviderProvisioningState).toBe('Provisioned');
    expect((await control('deprovision', { circuitId: CIRCUIT })).status).toBe(200);
    expect(await providerState(sim)).toBe('NotProvisioned');
    expect(
      (await control('state', { circuitId: CIRCUIT, state: 'Provisioning' })).body.properties
        ?.serviceProviderProvisioningState,
    ).toBe('Provisioning');
    expect((await control('deprovision', { circuitId: CIRCUIT })).status).toBe(409);
    expect((await control('provision', { circuitId: '/nope' })).status).toBe(404);
  }));
