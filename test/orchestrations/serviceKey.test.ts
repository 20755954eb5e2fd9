/**
 * The provider is handed a circuit's real service key, never Azure's placeholder, through the real stack (Durable host
 * simulator, ARM simulator over HTTPS, Azurite). The ARM simulator answers a circuit's creation as Azure does:
 * `Updating`, `Disabled` and an all-zeros `serviceKey` until the creation has finished.
 */
import type { SimResource } from '../../local/arm';
import type { CheckpointRecord } from '../../shared/ports/checkpoints';
import { OutboundEventTypes, type OutboundEvent } from '../../shared/ports/outbound';
import { isRealServiceKey, PLACEHOLDER_SERVICE_KEY } from '../../shared/domain/serviceKey';
import type { CustomerSpec } from '../../shared/domain/spec';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { MINUTE, PROVIDER_DELAY, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { armRequest, circuitId, providerCircuitBody } from '../support/armSimulator';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(240_000);

const CIRCUIT_TYPE = 'Microsoft.Network/expressRouteCircuits';

function circuitsHeld(harness: OnboardingHarness): SimResource[] {
  return harness.arm.control.resources().filter((resource) => resource.type === CIRCUIT_TYPE);
}

function heldServiceKey(harness: OnboardingHarness, circuitId: string): string | undefined {
  const circuit = harness.arm.control.get(circuitId);
  const key = (circuit?.properties as { serviceKey?: unknown } | undefined)?.serviceKey;
  return typeof key === 'string' ? key : undefined;
}

async function serviceKeyEvents(harness: OnboardingHarness, customerId: string): Promise<OutboundEvent[]> {
  const events = await harness.composition.tables.outbound.list(customerId);
  return events.filter((event) => event.type === OutboundEventTypes.serviceKeyReady);
}

/** What each `servicekey.ready` event carried, beside the key the simulator holds for that circuit. */
async function sentAndHeldKeys(harness: OnboardingHarness, customerId: string) {
  return (await serviceKeyEvents(harness, customerId)).map((event) => {
    const circuitId = String(event.data.circuitId);
    return { circuitId, sent: event.data.serviceKey, held: heldServiceKey(harness, circuitId) };
  });
}

function unfinished(rows: readonly CheckpointRecord[]): string[] {
  return rows.filter((row) => row.status === 'Started' || row.status === 'Waiting').map((row) => row.stepKey);
}

describe('the circuit PUT’s reply is lost', () => {
  const spec: CustomerSpec = withNewGateways(validConnectThroughSpec());
  const requestId = 'service-key-lost-reply';
  let harness: OnboardingHarness;
  let runtimeStatus: string;

  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: PROVIDER_DELAY } } });
    // The first PUT of each circuit is applied (its creation starts, Updating with the all-zeros key) and then the
    // connection drops before the 201: the adapter never sees the answer and must find out for itself.
    harness.arm.control.setFaults({
      rules: [
        {
          rate: 1,
          kinds: ['reset'],
          resetAt: 'after',
          methods: ['PUT'],
          resourceTypes: ['expressRouteCircuits'],
          maxPerResource: 1,
        },
      ],
    });
    ({
      status: { runtimeStatus },
    } = await runOnboarding(harness, spec, requestId));
  }, 180_000);
  afterAll(async () => {
    await harness.stop();
  });

  it('loses exactly the first reply to each circuit’s creation, and the onboarding still completes', () => {
    const counters = harness.arm.control.counters();
    expect(counters.total.faults).toBe(2);
    expect(counters.byOperation['PUT Microsoft.Network/expressRouteCircuits']).toBeGreaterThan(2);
    expect(circuitsHeld(harness)).toHaveLength(2);
    expect(runtimeStatus).toBe('Completed');
  });

  it('sends the provider each circuit’s real key, the one Azure holds, never zeros or nothing', async () => {
    const keys = await sentAndHeldKeys(harness, spec.customer.id);
    expect(keys.map((key) => key.circuitId).sort()).toEqual(
      circuitsHeld(harness)
        .map((circuit) => circuit.id)
        .sort(),
    );
    for (const { sent, held } of keys) {
      expect(held).toBeDefined();
      expect(isRealServiceKey(held)).toBe(true);
      expect(sent).toBe(held);
      expect(sent).not.toBe(PLACEHOLDER_SERVICE_KEY);
      expect(sent).not.toBe('');
    }
  });

  it('leaves no checkpoint Started or Waiting', async () => {
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, requestId);
    expect(rows.length).toBeGreaterThan(0);
    expect(unfinished(rows)).toEqual([]);
  });
});

describe('the circuit is still Updating, its creation slower than usual, when the request finds it', () => {
  const spec: CustomerSpec = withNewGateways(validConnectThroughSpec());
  const requestId = 'service-key-slow-creation';
  const legA = circuitId(CSP_SUBSCRIPTION_ID, spec.circuits.resourceGroup, 'er-contoso-a');
  let harness: OnboardingHarness;
  let runtimeStatus: string;
  let foundKey: unknown;

  beforeAll(async () => {
    // Creations take 20 minutes instead of 2. Leg A's circuit was PUT before the request (an earlier attempt whose
    // reply was lost): it shows Updating and the all-zeros key when the request first reads it.
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: PROVIDER_DELAY }, durations: { circuit: 20 * MINUTE } },
    });
    harness.arm.control.seedResourceGroup(CSP_SUBSCRIPTION_ID, spec.circuits.resourceGroup, spec.circuits.location);
    const earlier = await armRequest(harness.arm, 'PUT', legA, { body: providerCircuitBody() });
    expect(earlier.status).toBe(201);
    foundKey = (harness.arm.control.get(legA)?.properties as { serviceKey?: unknown }).serviceKey;
    ({
      status: { runtimeStatus },
    } = await runOnboarding(harness, spec, requestId));
  }, 180_000);
  afterAll(async () => {
    await harness.stop();
  });

  it('finds the placeholder first, waits for the creation to end, and completes', () => {
    expect(foundKey).toBe(PLACEHOLDER_SERVICE_KEY);
    const creation = harness.arm.control
      .operations()
      .find((operation) => operation.resourceId.toLowerCase() === legA.toLowerCase());
    expect(creation?.status).toBe('Succeeded');
    expect(runtimeStatus).toBe('Completed');
  });

  it('sends the provider the key Azure issued at the end of the creation, not the placeholder it showed before', async () => {
    const keys = await sentAndHeldKeys(harness, spec.customer.id);
    expect(keys).toHaveLength(2);
    const legAKey = keys.find((key) => key.circuitId.toLowerCase() === legA.toLowerCase());
    expect(legAKey?.sent).toBe(heldServiceKey(harness, legA));
    for (const { sent, held } of keys) {
      expect(isRealServiceKey(held)).toBe(true);
      expect(sent).toBe(held);
    }
  });

  it('leaves no checkpoint Started or Waiting, the leg’s service-key step included', async () => {
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, requestId);
    expect(unfinished(rows)).toEqual([]);
    const circuitStep = rows.find((row) => row.stepKey === 'circuit:a');
    expect(circuitStep?.status).toBe('Succeeded');
  });
});
