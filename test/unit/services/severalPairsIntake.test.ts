import type { WorkflowTiming } from '../../../shared/config';
import { submitRequest, type IntakeDependencies } from '../../../shared/services/requestIntake';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';
import { onboardingEvent } from '../../support/requestCloudEvents';
import { fakeCustomers } from '../../support/readOnlyFakes';
import { CSP_CONTEXT, validConnectThroughSpec } from '../../support/specs';
import type { CustomerSpec } from '../../../shared/domain/spec';

const TIMING: WorkflowTiming = {
  providerPollMinMs: 60_000,
  providerPollMaxMs: 1_800_000,
  providerReminderEveryMs: 172_800_000,
  providerDeadlineMs: 1_209_600_000,
  resourcePollMs: 60_000,
  leasePollMs: 300_000,
};

function setUp() {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  const deps: IntakeDependencies = {
    requests,
    customers: fakeCustomers(),
    workflows,
    csp: CSP_CONTEXT,
    timing: TIMING,
    now: () => new Date('2026-11-02T08:00:00Z'),
  };
  return { requests, workflows, deps };
}

/** The fixture's pair as "primary", plus a second private pair "dr" at two other peering locations. */
function withPairs(count: 1 | 2): CustomerSpec {
  const spec = validConnectThroughSpec();
  const second = structuredClone(spec.circuits);
  second.peeringLocations = ['London', 'London2'];
  second.privatePeering.legs = [
    { primaryPeerAddressPrefix: '192.168.110.0/30', secondaryPeerAddressPrefix: '192.168.110.4/30', vlanId: 100 },
    { primaryPeerAddressPrefix: '192.168.110.8/30', secondaryPeerAddressPrefix: '192.168.110.12/30', vlanId: 100 },
  ];
  const pairs = [
    { name: 'primary', ...spec.circuits },
    { name: 'dr', ...second },
  ].slice(0, count);
  return { ...spec, circuitPairs: pairs };
}

describe('submitRequest: an onboarding with several circuit pairs', () => {
  it('starts one onboarding for all the pairs', async () => {
    const { requests, workflows, deps } = setUp();
    const outcome = await submitRequest(onboardingEvent('req-pairs', withPairs(2)), 'servicebus', deps);
    expect(outcome.kind).toBe('accepted');
    expect(requests.records.get('req-pairs')?.status).toBe('Accepted');
    expect(workflows.started).toHaveLength(1);
  });

  it('starts an onboarding written with one named pair', async () => {
    const { workflows, deps } = setUp();
    const outcome = await submitRequest(onboardingEvent('req-one-pair', withPairs(1)), 'servicebus', deps);
    expect(outcome.kind).toBe('accepted');
    expect(workflows.started).toHaveLength(1);
  });
});
