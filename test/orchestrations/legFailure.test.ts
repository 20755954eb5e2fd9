/**
 * A leg that fails for good fails the request at once: the other leg stops waiting for its provider (its circuit
 * stays, billed, and is named in `onboarding.failed`), no checkpoint is left waiting, and nothing is deleted.
 */
import { InstanceIds } from '../../orchestrations/contracts';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  expectNoUnfinishedCheckpoints,
  HOUR,
  startOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { circuitName } from '../../shared/domain/naming';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(240_000);

/**
 * Azure refuses leg b's circuit the moment it is created (the provider's offer is checked before the first write, so
 * the refusal is arranged in the simulator rather than caused by an unsold location).
 */
const CIRCUIT_B = `/subscriptions/${CSP_SUBSCRIPTION_ID}/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/${circuitName('contoso', 'b')}`;

describe('a leg refused by Azure while the other waits for its provider', () => {
  let harness: OnboardingHarness;
  beforeAll(async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 5 * DAY } },
    });
    harness.arm.control.refuseNextWrite(CIRCUIT_B, {
      code: 'BadRequest',
      message: 'No port capacity is left for this provider at Amsterdam2 (arranged refusal).',
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('fails the request within hours, not when the other provider finishes days later', async () => {
    const spec = withNewGateways(validConnectThroughSpec());
    const started = harness.clock.now();
    const instanceId = await startOnboarding(harness, spec, 'leg-b-refused');
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 30 * DAY });

    expect(status.runtimeStatus).toBe('Failed');
    // The gateway builds (about 38 simulated minutes) are the longest thing the failure waits for.
    expect(harness.clock.now() - started).toBeLessThan(2 * HOUR);

    const legA = await harness.durable.getStatus(InstanceIds.providerWait(instanceId, 'a'));
    expect(legA?.runtimeStatus).toBe('Completed');
    expect(legA?.output).toMatchObject({ outcome: 'stopped' });

    const checkpoints = await harness.composition.tables.checkpoints.list(spec.customer.id, 'leg-b-refused');
    await expectNoUnfinishedCheckpoints(harness, spec.customer.id, 'leg-b-refused');
    const request = checkpoints.find((c) => c.stepKey === 'request');
    expect(request).toMatchObject({ status: 'Failed' });
    expect(checkpoints.find((c) => c.stepKey === 'await-provider:a')).toMatchObject({ status: 'Skipped' });

    const failed = (await harness.composition.tables.outbound.list(spec.customer.id)).find(
      (event) => event.type === OutboundEventTypes.onboardingFailed,
    );
    const existing = (failed?.data as { existing?: { id: string; kind: string; billed: boolean }[] }).existing ?? [];
    const billed = existing.filter((resource) => resource.billed);
    expect(billed).toHaveLength(1);
    expect(billed[0]?.kind).toBe('circuit');

    expect(harness.arm.control.counters().total.deletes).toBe(0);
    // The request says where it failed, not that it is still waiting for a provider.
    expect(status.customStatus).toMatchObject({ phase: 'failed' });
    expect(String((status.customStatus as { detail?: string }).detail)).toMatch(/^circuit:.*b/);
  });
});
