/**
 * Intake of bandwidth changes: assessed against the customer's recorded spec, started in place, handed to the
 * migration hand-off, or refused with field paths (nothing is started, so nothing reaches Azure).
 */
import { Orchestrations } from '../../../orchestrations/contracts';
import type { WorkflowTiming } from '../../../shared/config';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { BANDWIDTH_CHANGE_RULES } from '../../../shared/messages';
import type { CustomerRecord } from '../../../shared/ports/customers';
import { BANDWIDTH_INTAKE_RULES } from '../../../shared/services/bandwidthIntake';
import { submitRequest, type IntakeDependencies } from '../../../shared/services/requestIntake';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';
import { customerRecord, fakeCustomers } from '../../support/readOnlyFakes';
import { bandwidthEvent } from '../../support/requestCloudEvents';
import { CONTOSO_TENANT_ID, CSP_CONTEXT, validConnectThroughSpec } from '../../support/specs';

const TIMING: WorkflowTiming = {
  providerPollMinMs: 60_000,
  providerPollMaxMs: 1_800_000,
  providerReminderEveryMs: 172_800_000,
  providerDeadlineMs: 1_209_600_000,
  resourcePollMs: 60_000,
  leasePollMs: 300_000,
};
const NEW_ADDRESSING = [
  { primaryPeerAddressPrefix: '192.168.101.0/30', secondaryPeerAddressPrefix: '192.168.101.4/30', vlanId: 101 },
  { primaryPeerAddressPrefix: '192.168.101.8/30', secondaryPeerAddressPrefix: '192.168.101.12/30', vlanId: 101 },
];
const APPROVAL = { approvedBy: 'maria.lopez@csp.example', ticket: 'CHG0012345', approvedAt: '2026-11-02T07:00:00Z' };

function contoso(spec?: CustomerSpec): CustomerRecord {
  return customerRecord({ id: 'contoso', tenantId: CONTOSO_TENANT_ID, ...(spec === undefined ? {} : { spec }) });
}

async function submit(record: CustomerRecord, data: Record<string, unknown>) {
  const workflows = new FakeWorkflows();
  const deps: IntakeDependencies = {
    requests: new InMemoryRequestLedger(),
    customers: fakeCustomers([record]),
    workflows,
    csp: CSP_CONTEXT,
    timing: TIMING,
  };
  const outcome = await submitRequest(bandwidthEvent('bw-1', data), 'servicebus', deps);
  return { outcome, started: workflows.started };
}

function twoPairs(): CustomerSpec {
  const { circuits, ...rest } = validConnectThroughSpec();
  return {
    ...rest,
    circuits,
    circuitPairs: [
      { name: 'primary', ...circuits },
      { name: 'dr', ...circuits, peeringLocations: ['London', 'London2'] },
    ],
  };
}

describe('bandwidth change intake', () => {
  it('starts changeBandwidth for an increase of the only pair', async () => {
    const { outcome, started } = await submit(contoso(validConnectThroughSpec()), { bandwidthMbps: 2000 });
    expect(outcome).toMatchObject({ kind: 'accepted', instanceId: 'req-bw-1' });
    expect(started).toEqual([
      {
        orchestration: Orchestrations.changeBandwidth,
        instanceId: 'req-bw-1',
        input: expect.objectContaining({ pair: 'primary', change: expect.objectContaining({ bandwidthMbps: 2000 }) }),
      },
    ]);
  });

  it('refuses a customer without a recorded spec, saying how to record one', async () => {
    const { outcome, started } = await submit(contoso(), { bandwidthMbps: 2000 });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [{ path: 'data.customerId', rule: BANDWIDTH_INTAKE_RULES.specRecorded }],
    });
    expect(started).toEqual([]);
  });

  it('makes a customer with several pairs name one, and knows its pairs', async () => {
    const unnamed = await submit(contoso(twoPairs()), { bandwidthMbps: 2000 });
    expect(unnamed.outcome).toMatchObject({
      kind: 'rejected',
      issues: [{ path: 'data.pair', rule: BANDWIDTH_CHANGE_RULES.pairNamed }],
    });
    const unknown = await submit(contoso(twoPairs()), { bandwidthMbps: 2000, pair: 'backup' });
    expect(unknown.outcome).toMatchObject({
      kind: 'rejected',
      issues: [{ path: 'data.pair', rule: BANDWIDTH_CHANGE_RULES.pairKnown }],
    });
    const named = await submit(contoso(twoPairs()), { bandwidthMbps: 2000, pair: 'dr' });
    expect(named.started).toEqual([expect.objectContaining({ input: expect.objectContaining({ pair: 'dr' }) })]);
  });

  it("refuses a decrease without approval, or without the new pair's addressing, and hands an approved one to the migration", async () => {
    const refused = await submit(contoso(validConnectThroughSpec()), { bandwidthMbps: 500 });
    expect(refused.outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [{ path: 'data.approval', rule: BANDWIDTH_CHANGE_RULES.approvalRequired }],
    });
    const unaddressed = await submit(contoso(validConnectThroughSpec()), { bandwidthMbps: 500, approval: APPROVAL });
    expect(unaddressed.outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [{ path: 'data.newPair.privatePeering', rule: 'migration.addressing-required' }],
    });
    expect([...refused.started, ...unaddressed.started]).toEqual([]);

    const approved = await submit(contoso(validConnectThroughSpec()), {
      bandwidthMbps: 500,
      approval: APPROVAL,
      newPair: { privatePeering: NEW_ADDRESSING },
    });
    expect(approved.outcome).toMatchObject({ kind: 'accepted' });
    expect(approved.started).toEqual([
      expect.objectContaining({
        orchestration: Orchestrations.migrateCircuitPairV2,
        input: expect.objectContaining({ customerId: 'contoso' }),
      }),
    ]);
  });

  it('hands another provider or peering location to the migration even when the size could change in place', async () => {
    const moved = await submit(contoso(validConnectThroughSpec()), {
      bandwidthMbps: 2000,
      newPair: { peeringLocations: ['Amsterdam', 'London'], privatePeering: NEW_ADDRESSING },
    });
    expect(moved.outcome).toMatchObject({
      kind: 'rejected',
      issues: [{ path: 'data.approval', rule: 'migration.approval-required' }],
    });
    expect(JSON.stringify(moved.outcome)).toContain('peering locations change from Amsterdam and Amsterdam2');
    const approved = await submit(contoso(validConnectThroughSpec()), {
      bandwidthMbps: 2000,
      approval: APPROVAL,
      newPair: { peeringLocations: ['Amsterdam', 'London'], privatePeering: NEW_ADDRESSING },
    });
    expect(approved.started).toEqual([expect.objectContaining({ orchestration: Orchestrations.migrateCircuitPairV2 })]);
  });

  it('refuses new addressing that collides with the old pair, at the request field', async () => {
    const reused = validConnectThroughSpec().circuits.privatePeering.legs;
    const refused = await submit(contoso(validConnectThroughSpec()), {
      bandwidthMbps: 500,
      approval: APPROVAL,
      newPair: { privatePeering: reused },
    });
    expect(refused.outcome).toMatchObject({ kind: 'rejected', code: 'ValidationFailed' });
    const paths = refused.outcome.kind === 'rejected' ? refused.outcome.issues.map((issue) => issue.path) : [];
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((path) => path.startsWith('data.newPair.privatePeering'))).toBe(true);
    expect(refused.started).toEqual([]);
  });

  it('refuses Premium → Standard when the pair carries more VNet links than Standard allows', async () => {
    const premium = validConnectThroughSpec();
    const [link] = premium.vnetLinks;
    if (link === undefined) throw new Error('the fixture has a VNet link');
    const crowded: CustomerSpec = {
      ...premium,
      circuits: { ...premium.circuits, sku: { tier: 'Premium', family: 'MeteredData' } },
      vnetLinks: Array.from({ length: 11 }, (_, index) => ({ ...link, vnetId: `${link.vnetId}-${index}` })),
    };
    const { outcome, started } = await submit(contoso(crowded), {
      bandwidthMbps: 1000,
      sku: { tier: 'Standard', family: 'MeteredData' },
    });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [expect.objectContaining({ path: 'data.sku', rule: 'limit.vnet-links-per-circuit' })],
    });
    expect(started).toEqual([]);
  });
});
