/**
 * One onboarding through the app's real Service Bus trigger, workflows and stand-ins: its log lines are JSON with the
 * request, customer and workflow instance (and the step, in activities), and the request's CloudEvent `traceparent`
 * reaches the outbound events it causes.
 */
import { InstanceIds } from '../../../orchestrations/contracts';
import { startFunctionsHarness, type FunctionsHarness } from '../../support/functionsHarness';
import { seedCustomerNetworks } from '../../support/onboardingHarness';
import { DAY, HOUR, withNewGateways } from '../../support/onboardingScenarios';
import { onboardingEvent } from '../../support/requestCloudEvents';
import { validConnectThroughSpec } from '../../support/specs';

jest.setTimeout(120_000);

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const REQUEST_ID = 'logs-1';

let harness: FunctionsHarness;
const spec = withNewGateways(validConnectThroughSpec());

beforeAll(async () => {
  harness = await startFunctionsHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });
  seedCustomerNetworks(harness.arm, spec);
  const delivery = await harness.deliver(
    'onboarding',
    { ...onboardingEvent(REQUEST_ID, spec), traceparent: TRACEPARENT },
    { messageId: REQUEST_ID },
  );
  expect(delivery.parked).toBeUndefined();
  const done = await harness.durable.waitForCompletion(InstanceIds.forRequest(REQUEST_ID), { maxVirtualMs: 2 * DAY });
  expect(done.runtimeStatus).toBe('Completed');
});

afterAll(async () => {
  await harness.stop();
});

/** The app's log lines that are JSON objects. */
function jsonLines(): Record<string, unknown>[] {
  return harness.logs.flatMap((line): Record<string, unknown>[] => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [{ ...parsed }] : [];
    } catch {
      return [];
    }
  });
}

describe("an onboarding's logs", () => {
  it('are JSON lines with time, level, requestId, customerId and instanceId; activity lines name their step', () => {
    const lines = jsonLines().filter((line) => line.requestId === REQUEST_ID);
    expect(lines.length).toBeGreaterThan(0);
    const ensured = lines.find((line) => line.step === 'circuit:a');
    expect(ensured).toMatchObject({
      level: 'info',
      requestId: REQUEST_ID,
      customerId: spec.customer.id,
      instanceId: expect.stringMatching(/^req-logs-1/) as unknown,
      step: 'circuit:a',
      traceparent: TRACEPARENT,
    });
    expect(new Date(String(ensured?.time)).toISOString()).toBe(ensured?.time);
    // The provider wait logs once from its orchestrator (never again on replay), with the orchestration's clock.
    const provisioned = lines.filter(
      (line) => line.step === 'await-provider:a' && String(line.message).startsWith('the provider provisioned'),
    );
    expect(provisioned).toHaveLength(1);
  });

  it('carry no tab-separated leftovers from the activities', () => {
    expect(harness.logs.filter((line) => /^circuit:a: (created|updated|unchanged)/.test(line))).toEqual([]);
  });
});

describe("the request's traceparent", () => {
  it('reaches every outbound event the onboarding published', async () => {
    const events = await harness.composition.tables.outbound.list(spec.customer.id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((event) => event.traceparent)).toEqual(events.map(() => TRACEPARENT));
  });
});
