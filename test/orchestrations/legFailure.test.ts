/**
 * A leg that fails for good fails the request at once: the other leg stops waiting for its provider (its circuit
 * stays, billed, and is named in `onboarding.failed`), no checkpoint is left waiting, and nothing is deleted.
 */
import { Activities, InstanceIds } from '../../orchestrations/contracts';
import type { ConnectionIntent } from '../../shared/domain/intents';
import { deriveTopology } from '../../shared/domain/topology';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  expectNoUnfinishedCheckpoints,
  HOUR,
  MINUTE,
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

describe("a lane's connection refused by Azure while its sibling connection is still being made", () => {
  let harness: OnboardingHarness;
  const spec = withNewGateways(validConnectThroughSpec());
  const circuitAConnections = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources.filter(
    (resource): resource is ConnectionIntent => resource.kind === 'connection' && resource.leg === 'a',
  );
  const refused = circuitAConnections[0];

  beforeAll(async () => {
    // The provider is done 10 minutes in, before the gateways (38 minutes): both of circuit a's connections start
    // when the gateways are built; Azure refuses one at once, the other takes 10 minutes.
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 10 * MINUTE } } });
    if (refused === undefined) throw new Error('the fixture has no connection to circuit a');
    harness.arm.control.refuseNextWrite(refused.id, {
      code: 'BadRequest',
      message: 'The gateway refused the link (arranged refusal).',
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('stops the request when the connection fails, not when its sibling connection is done', async () => {
    expect(circuitAConnections).toHaveLength(2);
    const started = harness.clock.now();
    const instanceId = await startOnboarding(harness, spec, 'connection-refused');
    const stopsAt: number[] = [];
    let laneAEnded: number | undefined;
    harness.durable.onEvent((event) => {
      if (event.type === 'activityStarted' && event.name === Activities.stopProviderWaits) {
        stopsAt.push(harness.clock.now());
      }
      if (event.type === 'instanceCompleted' && event.instanceId === InstanceIds.circuitLeg(instanceId, 'a')) {
        laneAEnded = harness.clock.now();
      }
    });
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 30 * DAY });
    expect(status.runtimeStatus).toBe('Failed');

    const checkpoints = await harness.composition.tables.checkpoints.list(spec.customer.id, 'connection-refused');
    await expectNoUnfinishedCheckpoints(harness, spec.customer.id, 'connection-refused');
    expect(checkpoints.find((c) => c.armIds.includes(refused?.id ?? '') && c.status === 'Failed')).toBeDefined();
    expect(checkpoints.find((c) => c.stepKey === 'request')).toMatchObject({ status: 'Failed' });
    // The request was stopped once, at the refusal (the gateways are built 38 minutes in), not when the sibling
    // connection is done 10 minutes later.
    expect(stopsAt).toHaveLength(1);
    expect((stopsAt[0] ?? Infinity) - started).toBeLessThan(45 * MINUTE);
    expect(laneAEnded).toBeDefined();
    expect(stopsAt[0] ?? Infinity).toBeLessThan(laneAEnded ?? 0);
    expect(harness.arm.control.counters().total.deletes).toBe(0);
  });
});
