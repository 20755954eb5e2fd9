/**
 * changeBandwidth with ERCSP_PROVIDER_CONFIRMS_BANDWIDTH: after a circuit changed, it waits for the provider's
 * ProviderBandwidthConfirmed before the next circuit, reminding it, and gives up at the deadline. Through
 * durable-functions' own executor (test/support/generatorDriver.ts): no Azurite, no ARM.
 */
import { changeBandwidthOrchestrator } from '../../../orchestrations/bandwidth/changeBandwidth.orchestrator';
import type {
  ChangeBandwidthInput,
  ChangeCircuitInPlaceOutput,
  CircuitResize,
  PlanBandwidthChangeOutput,
} from '../../../orchestrations/bandwidth/contracts';
import { OrchestrationDriver } from '../../support/generatorDriver';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SCOPE = {
  tenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  subscriptionId: '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b',
  resourceGroup: 'rg-er-contoso',
};
const circuitId = (leg: 'a' | 'b') =>
  `/subscriptions/${SCOPE.subscriptionId}/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/er-contoso-${leg}`;
const FROM = { bandwidthMbps: 1000, sku: { tier: 'Standard', family: 'MeteredData' } } as const;
const TO = { bandwidthMbps: 2000, sku: { tier: 'Standard', family: 'MeteredData' } } as const;

function resize(leg: 'a' | 'b'): CircuitResize {
  return {
    leg,
    stepKey: `bandwidth:${leg}`,
    circuit: {
      kind: 'circuit',
      id: circuitId(leg),
      scope: SCOPE,
      name: `er-contoso-${leg}`,
      leg,
      location: 'westeurope',
      tags: {},
      sku: TO.sku,
      serviceProviderName: 'Equinix',
      peeringLocation: leg === 'a' ? 'Amsterdam' : 'Amsterdam2',
      bandwidthMbps: 2000,
    },
    from: FROM,
    to: TO,
    serviceKey: 'f8c18450-48df-4518-ba6b-89108adc0335',
    dependents: [],
  };
}

const INPUT: ChangeBandwidthInput = {
  requestId: 'bw-1',
  customerId: 'contoso',
  change: { customerId: 'contoso', bandwidthMbps: 2000 },
  pair: 'primary',
  timing: {
    providerPollMinMs: MINUTE,
    providerPollMaxMs: 30 * MINUTE,
    providerReminderEveryMs: 2 * DAY,
    providerDeadlineMs: 5 * DAY,
    resourcePollMs: MINUTE,
    leasePollMs: 5 * MINUTE,
    providerConfirmsBandwidth: true,
  },
};

const PLAN: PlanBandwidthChangeOutput = { ok: true, pair: 'primary', to: TO, circuits: [resize('b'), resize('a')] };
const changed =
  () =>
  (input: unknown): ChangeCircuitInPlaceOutput => {
    const { resize: changing } = input as { resize: CircuitResize };
    return {
      outcome: 'changed',
      report: { leg: changing.leg, circuitId: changing.circuit.id, from: FROM, to: TO, written: true },
    };
  };
const done = () => null;
const ANSWERS = {
  acquireCustomerLease: () => true,
  planBandwidthChange: () => PLAN,
  changeCircuitInPlace: changed(),
  setCustomerStatus: done,
  publishEvent: done,
  recordCheckpoint: done,
  recordChangedSpec: done,
  recordRequestOutcome: done,
  releaseLease: done,
  closeOpenSteps: () => [],
};

async function startedAndChangedLegB(): Promise<OrchestrationDriver> {
  const run = await OrchestrationDriver.start(changeBandwidthOrchestrator, INPUT, {
    instanceId: 'req-bw-1',
    name: 'changeBandwidth',
  });
  await run.respond(ANSWERS);
  return run;
}

describe('changeBandwidth: the provider confirms each circuit', () => {
  it('does not touch leg a until the provider confirmed leg b', async () => {
    const run = await startedAndChangedLegB();
    expect(run.status).toBe('running');
    expect(run.inputsOf('changeCircuitInPlace')).toHaveLength(1);
    expect(run.waitingFor).toContain('ProviderBandwidthConfirmed');

    // A confirmation of the other leg does not end this wait.
    await run.raiseEvent('ProviderBandwidthConfirmed', { leg: 'a' }, 60 * MINUTE);
    await run.respond(ANSWERS);
    expect(run.inputsOf('changeCircuitInPlace')).toHaveLength(1);
    await run.raiseEvent('ProviderBandwidthConfirmed', { leg: 'b' }, 3 * 60 * MINUTE);
    await run.respond(ANSWERS);
    expect(run.inputsOf('changeCircuitInPlace')).toHaveLength(2);
    await run.raiseEvent('ProviderBandwidthConfirmed', { leg: 'a' }, 60 * MINUTE);
    await run.respond(ANSWERS);

    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ status: 'Completed', circuits: [{ leg: 'b' }, { leg: 'a' }] });
    const published = run.inputsOf('publishEvent') as { type: string; data: Record<string, unknown> }[];
    expect(published.map((event) => event.type)).toEqual([
      'com.csp.expressroute.circuit.bandwidth.changed',
      'com.csp.expressroute.circuit.bandwidth.changed',
    ]);
    expect(run.inputsOf('recordCheckpoint')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stepKey: 'provider-confirms-bandwidth:b', status: 'Waiting' }),
        expect.objectContaining({ stepKey: 'provider-confirms-bandwidth:b', status: 'Succeeded' }),
        expect.objectContaining({ stepKey: 'request', status: 'Succeeded' }),
      ]),
    );
  });

  it('reminds the provider, escalates at the deadline and fails before leg a', async () => {
    const run = await startedAndChangedLegB();
    // 5-day deadline, reminders every 2 days: reminders at day 2 and 4, then the deadline at day 5.
    for (let fired = 0; fired < 3 && run.status === 'running'; fired++) {
      await run.fireTimer();
      await run.respond(ANSWERS);
    }
    expect(run.status).toBe('failed');
    expect(run.failure).toContain('provider-confirms-bandwidth:b');
    expect(run.inputsOf('changeCircuitInPlace')).toHaveLength(1);
    const published = run.inputsOf('publishEvent') as { type: string }[];
    expect(published.map((event) => event.type)).toEqual([
      'com.csp.expressroute.circuit.bandwidth.changed',
      'com.csp.expressroute.provider.provisioning.reminder',
      'com.csp.expressroute.provider.provisioning.reminder',
      'com.csp.expressroute.provider.provisioning.escalated',
      'com.csp.expressroute.circuit.bandwidth.failed',
    ]);
    expect(run.inputsOf('recordRequestOutcome')).toEqual([
      expect.objectContaining({
        status: 'Failed',
        error: expect.objectContaining({ code: 'ProviderDeadlineExceeded' }),
      }),
    ]);
    expect(run.inputsOf('releaseLease')).toHaveLength(1);
  });
});
