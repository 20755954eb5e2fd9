import { InstanceIds } from '../../orchestrations/contracts';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { asFabrikam, DAY, HOUR, startOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(240_000);

describe('one request per customer at a time', () => {
  let harness: OnboardingHarness;
  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('runs two requests for the same customer one after the other, never interleaved', async () => {
    const spec = withNewGateways(validConnectThroughSpec());
    const requests = { 'same-customer-1': '', 'same-customer-2': '' };
    for (const requestId of Object.keys(requests) as (keyof typeof requests)[]) {
      requests[requestId] = await startOnboarding(harness, spec, requestId);
    }
    for (const instanceId of Object.values(requests)) {
      const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 10 * DAY });
      expect(status.runtimeStatus).toBe('Completed');
    }

    // Both were started at once; whichever took the lease first held it until it had finished.
    const history = await harness.composition.tables.leases.history(spec.customer.id);
    const sequence = history.map((entry) => `${entry.event}:${entry.owner}`);
    const [ranFirst, ranSecond] = history.filter((entry) => entry.event === 'Acquired').map((entry) => entry.owner);
    expect(new Set([ranFirst, ranSecond])).toEqual(new Set(Object.values(requests)));
    expect(sequence).toEqual([
      `Acquired:${ranFirst ?? ''}`,
      `Released:${ranFirst ?? ''}`,
      `Acquired:${ranSecond ?? ''}`,
      `Released:${ranSecond ?? ''}`,
    ]);
    // The one that ran second found everything in place: it wrote nothing.
    const second = Object.entries(requests).find(([, instanceId]) => instanceId === ranSecond)?.[0] ?? '';
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, second);
    const outcomes = new Set(rows.flatMap((row) => (row.outcome === undefined ? [] : [row.outcome])));
    expect([...outcomes]).toEqual(['unchanged']);
  });

  it('runs requests for different customers side by side', async () => {
    const contoso = withNewGateways(validConnectThroughSpec());
    const fabrikam = asFabrikam(contoso);
    const started = harness.clock.now();
    const a = await startOnboarding(harness, { ...contoso }, 'parallel-contoso');
    const b = await startOnboarding(harness, fabrikam, 'parallel-fabrikam');
    const [statusA, statusB] = [
      await harness.durable.waitForCompletion(a, { maxVirtualMs: 10 * DAY }),
      await harness.durable.waitForCompletion(b, { maxVirtualMs: 10 * DAY }),
    ];
    expect([statusA.runtimeStatus, statusB.runtimeStatus]).toEqual(['Completed', 'Completed']);
    // Both waited for their providers at the same time: together they took about as long as one.
    expect(harness.clock.now() - started).toBeLessThan(2 * HOUR + 1 * HOUR);
    expect(InstanceIds.forRequest('parallel-fabrikam')).toBe(b);
  });
});
