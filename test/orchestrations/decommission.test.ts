/**
 * Decommission end to end through the Durable host simulator, the ARM simulator over HTTPS and Azurite, on one
 * virtual clock. Contoso is onboarded once (connect-through, gateways built by the automation), with a decommission
 * submitted together with the onboarding (the lease runs them one after the other), beside a hand-made route table
 * and NSG in its resource groups. The tests then run, in order, the decisions a CSP meets: no decision (expires), a
 * rejection, a provider that never deprovisions (escalation, circuits kept), and the person's follow-up: an approved
 * run that removes everything. The provider desk (local/arm/providerDesk.ts) plays the provider: it deprovisions after
 * the request event. Stops after every step: test/reliability/decommissionRestartEveryStep.test.ts.
 */
import type { InstanceStatus } from '../../local/durable';
import { createProviderDesk, type ProviderDesk } from '../../local/arm/providerDesk';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { HistoryEventType } from '../../local/durable/wire/historyEvents';
import type { DecommissionCustomerInput, DecommissionCustomerOutput } from '../../shared/ports/requestWorkflows';
import type { DecommissionData } from '../../shared/messages/requests';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { armRequest } from '../support/armSimulator';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  HOUR,
  MD5_VALUE,
  expectNoUnfinishedCheckpoints,
  startOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(300_000);

const CONTOSO = withNewGateways(validConnectThroughSpec());
const DEPROVISION_AFTER_MS = 6 * HOUR;
const NETWORK = 'providers/Microsoft.Network';
const HANDMADE_ROUTE_TABLE = `/subscriptions/${CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID}/resourceGroups/rg-contoso-network-weu/${NETWORK}/routeTables/rt-contoso-handmade`;
const HANDMADE_NSG = `/subscriptions/${CSP_SUBSCRIPTION_ID}/resourceGroups/rg-er-contoso/${NETWORK}/networkSecurityGroups/nsg-handmade`;

function request(customerId: string, extra: Partial<DecommissionData> = {}): DecommissionData {
  return {
    customerId,
    confirmCustomerId: customerId,
    reason: 'Contract ends; the customer moves to ExpressRoute Direct (CHG0048213)',
    approvedBy: 'maria.lopez@csp.example',
    ...extra,
  };
}

function isOutput(value: unknown): value is DecommissionCustomerOutput {
  return typeof value === 'object' && value !== null && 'status' in value && 'customerId' in value;
}

function outputOf(status: InstanceStatus): DecommissionCustomerOutput {
  if (!isOutput(status.output)) throw new Error(`no decommission output: ${JSON.stringify(status)}`);
  return status.output;
}

function managedIdsOf(harness: OnboardingHarness, customerId: string): string[] {
  return harness.arm.control
    .resources()
    .filter((r) => r.tags?.['managed-by'] === 'expressroute-csp' && r.tags['csp-customer'] === customerId)
    .map((r) => r.id)
    .sort();
}

function circuitsOf(harness: OnboardingHarness, customerId: string): string[] {
  return managedIdsOf(harness, customerId).filter((id) => id.includes('/expressRouteCircuits/'));
}

/** Authorization keys the simulator handed out: none may leak into what the app records. */
function authorizationKeys(harness: OnboardingHarness): string[] {
  return harness.arm.control
    .resources()
    .flatMap((r) => {
      const auths = r.properties.authorizations;
      return Array.isArray(auths) ? auths : [];
    })
    .flatMap((auth: unknown) => {
      const key = (auth as { properties?: { authorizationKey?: unknown } }).properties?.authorizationKey;
      return typeof key === 'string' && key !== '' ? [key] : [];
    });
}

describe('decommission', () => {
  let harness: OnboardingHarness;
  let desk: ProviderDesk | undefined;
  let secrets: string[] = [];
  let expired: DecommissionCustomerOutput;
  let expiredDeletes = -1;

  const start = async (requestId: string, data: DecommissionData): Promise<string> => {
    const input: DecommissionCustomerInput = {
      requestId,
      customerId: data.customerId,
      request: data,
      timing: harness.timing,
    };
    return harness.durable.startNew(Orchestrations.decommissionCustomer, {
      instanceId: InstanceIds.forRequest(requestId),
      input,
    });
  };
  const run = async (requestId: string, data: DecommissionData): Promise<DecommissionCustomerOutput> => {
    const instanceId = await start(requestId, data);
    return outputOf(await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 40 * DAY }));
  };
  const plannedEvents = async (customerId: string, requestId: string) =>
    (await harness.composition.tables.outbound.list(customerId)).filter(
      (e) => e.type === OutboundEventTypes.decommissionPlanned && e.data.requestId === requestId,
    );

  beforeAll(async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 2 * HOUR, deprovisionAfterMs: DEPROVISION_AFTER_MS } },
      // Short provider waits keep the never-deprovisioning scenario to a few hundred polls.
      env: {
        ERCSP_PROVIDER_POLL_MAX: '6h',
        ERCSP_PROVIDER_REMINDER_EVERY: '1d',
        ERCSP_PROVIDER_DEADLINE: '2d',
        ERCSP_APPROVAL_TIMEOUT: '2d',
      },
      outboundTap: (event) => desk?.receive(event),
    });
    desk = createProviderDesk(harness.arm.control);
    // Onboarding and a decommission (without approval) submitted together: the onboarding takes the lease first.
    const onboarding = await startOnboarding(harness, CONTOSO, 'onboard-contoso-1');
    await harness.durable.runUntilIdle({ maxVirtualMs: 1000 });
    const decommission = await start('decom-contoso-expire', request('contoso'));
    const onboarded = await harness.durable.waitForCompletion(onboarding, { maxVirtualMs: 10 * DAY });
    expect(onboarded.runtimeStatus).toBe('Completed');
    harness.arm.control.resetCounters();
    expired = outputOf(await harness.durable.waitForCompletion(decommission, { maxVirtualMs: 20 * DAY }));
    expiredDeletes = harness.arm.control.counters().total.deletes;
    for (const [id, body] of [
      [HANDMADE_ROUTE_TABLE, { location: 'westeurope', properties: { routes: [] } }],
      [HANDMADE_NSG, { location: 'westeurope', properties: { securityRules: [] } }],
    ] as const) {
      const made = await armRequest(harness.arm, 'PUT', id, { body });
      expect([200, 201]).toContain(made.status);
    }
    secrets = [MD5_VALUE, ...authorizationKeys(harness)];
    expect(secrets.length).toBeGreaterThan(1);
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('submitted with the onboarding, runs after it (the lease), never interleaved', async () => {
    const onboardingRows = await harness.composition.tables.checkpoints.list('contoso', 'onboard-contoso-1');
    const decommissionRows = await harness.composition.tables.checkpoints.list('contoso', 'decom-contoso-expire');
    const onboardingEnded = Math.max(...onboardingRows.map((row) => Date.parse(row.updatedAt)));
    const decommissionStarted = Math.min(
      ...decommissionRows.filter((row) => row.stepKey !== 'lease').map((row) => Date.parse(row.startedAt)),
    );
    expect(decommissionStarted).toBeGreaterThanOrEqual(onboardingEnded);
  });

  it('without approval: publishes the plan, waits, expires at the deadline with no ARM delete', async () => {
    expect(expired.status).toBe('Expired');
    expect(expiredDeletes).toBe(0);
    const [planned] = await plannedEvents('contoso', 'decom-contoso-expire');
    expect(planned?.data.planDigest).toBe(expired.planDigest);
    expect(planned?.data.monthlyCostUsd).toBe(2 * 436);
    const steps = (planned?.data.steps ?? []) as { action: string; id: string }[];
    expect(steps.filter((step) => step.action === 'requestDeprovision')).toHaveLength(2);
    const reminders = (await harness.composition.tables.outbound.list('contoso')).filter(
      (e) => e.type === OutboundEventTypes.decommissionApprovalReminder,
    );
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'decom-contoso-expire');
  });

  it('rejected: ends Rejected with nothing deleted; an approval of another digest is not taken', async () => {
    harness.arm.control.resetCounters();
    const instanceId = await start('decom-contoso-reject', request('contoso'));
    await harness.durable.runUntilIdle({ maxVirtualMs: HOUR });
    await harness.durable.raiseEvent(instanceId, 'Approval', {
      approvedBy: 'maria.lopez@csp.example',
      planDigest: 'td-0000000000000000',
    });
    await harness.durable.runUntilIdle({ maxVirtualMs: HOUR });
    expect((await plannedEvents('contoso', 'decom-contoso-reject')).length).toBe(2);
    await harness.durable.raiseEvent(instanceId, 'Rejection', { rejectedBy: 'lee.chen@csp.example', reason: 'ticket' });
    const output = outputOf(await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY }));

    expect(output.status).toBe('Rejected');
    expect(harness.arm.control.counters().total.deletes).toBe(0);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'decom-contoso-reject');
  });

  it('provider never deprovisions: reminders, escalation, circuits still there, no circuit delete', async () => {
    if (desk !== undefined) desk.mode = 'never';
    harness.arm.control.resetCounters();
    const approval = {
      approvedBy: 'maria.lopez@csp.example',
      ticket: 'CHG0048213',
      approvedAt: '2026-11-02T08:00:00Z',
    };
    const output = await run('decom-contoso-never', request('contoso', { approval }));

    expect(output.status).toBe('Failed');
    expect(circuitsOf(harness, 'contoso')).toHaveLength(2);
    const circuitDeletes = Object.entries(harness.arm.control.counters().byOperation).filter(
      ([operation]) =>
        operation.startsWith('DELETE') &&
        operation.includes('expressRouteCircuits') &&
        !operation.includes('/peerings') &&
        !operation.includes('/authorizations'),
    );
    expect(circuitDeletes).toEqual([]);
    const events = await harness.composition.tables.outbound.list('contoso');
    const ofType = (type: string) =>
      events.filter((e) => e.type === type && e.data.requestId === 'decom-contoso-never');
    expect(ofType(OutboundEventTypes.deprovisionRequested)).toHaveLength(2);
    expect(ofType(OutboundEventTypes.deprovisioningReminder).length).toBeGreaterThanOrEqual(1);
    expect(ofType(OutboundEventTypes.deprovisioningEscalated)).toHaveLength(2);
    expect(ofType(OutboundEventTypes.decommissionFailed)).toHaveLength(1);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'decom-contoso-never');
  });

  it('approved after the escalation: a new request converges, is re-planned when Azure changed before the approval, deletes exactly its plan, keeps the hand-made', async () => {
    // The person's follow-up: the provider finally deprovisioned; the decommission is sent again with a new id.
    if (desk !== undefined) desk.mode = 'deprovision';
    for (const circuitId of circuitsOf(harness, 'contoso')) {
      harness.arm.control.setProviderState(circuitId, 'NotProvisioned');
    }
    harness.arm.control.resetCounters();
    const instanceId = await start('decom-contoso-approved', request('contoso', { deleteGateways: true }));
    await harness.durable.runUntilIdle({ maxVirtualMs: HOUR });
    const [first] = await plannedEvents('contoso', 'decom-contoso-approved');
    const approve = (planDigest: unknown) =>
      harness.durable.raiseEvent(instanceId, 'Approval', {
        approvedBy: 'maria.lopez@csp.example',
        planDigest,
        reference: 'CHG0048213',
        sentBy: 'maria.lopez@csp.example',
      });
    // Azure changes before the approval arrives: a network team takes one gateway over (its tag goes). The approval
    // of the first plan is not executed: the plan is read again, published with a new digest, and approved again.
    const firstSteps = (first?.data.steps ?? []) as { action: string; kind?: string; id: string }[];
    const takenOver = firstSteps.find((step) => step.kind === 'gateway')?.id ?? '';
    harness.arm.control.outOfBand.setTags(takenOver, { owner: 'network-team' });
    await approve(first?.data.planDigest);
    await harness.durable.runUntilIdle({ maxVirtualMs: HOUR });
    const published = await plannedEvents('contoso', 'decom-contoso-approved');
    expect(published).toHaveLength(2);
    const planned = published[1];
    expect(planned?.data.planDigest).not.toBe(first?.data.planDigest);
    await approve(planned?.data.planDigest);
    const plannedSteps = (planned?.data.steps ?? []) as { action: string; kind?: string }[];
    const output = outputOf(await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 20 * DAY }));

    expect(output.status).toBe('Completed');
    expect(managedIdsOf(harness, 'contoso')).toEqual([]);
    expect(harness.arm.control.get(HANDMADE_ROUTE_TABLE)).toBeDefined();
    expect(harness.arm.control.get(HANDMADE_NSG)).toBeDefined();
    expect(harness.arm.control.get(takenOver)).toBeDefined();
    const kept = (planned?.data.kept ?? []) as { id: string; reason: string }[];
    expect(kept.filter((k) => /handmade/.test(k.id)).map((k) => k.reason)).toEqual([
      expect.stringMatching(/no managed-by tag/),
      expect.stringMatching(/no managed-by tag/),
    ]);
    const deletes = plannedSteps.filter((s) => s.action === 'delete');
    const armDeletes = deletes.filter((s) => s.kind !== 'subnetAssociation').length;
    expect(harness.arm.control.counters().total.deletes).toBe(armDeletes);
    expect(output.billingStops).toHaveLength(2);
    const customer = await harness.composition.tables.customers.get('contoso');
    expect(customer?.status).toBe('Decommissioned');
    // Its subscriptions are released: another customer may be onboarded into them.
    expect(await harness.composition.tables.customers.ownerOfSubscription(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID)).toBe(
      undefined,
    );
    const approval = (await harness.composition.tables.checkpoints.list('contoso', 'decom-contoso-approved')).find(
      (c) => c.stepKey === 'approval',
    );
    expect(JSON.stringify(approval)).toContain('sent by maria.lopez@csp.example');
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'decom-contoso-approved');
  });

  it('starts every delete and reads it on durable timers until it is gone: no activity waits for ARM', async () => {
    const history = await harness.durable.getHistory(
      InstanceIds.teardown(InstanceIds.forRequest('decom-contoso-approved')),
    );
    const scheduled = history.flatMap((event) => {
      const {
        EventType: type,
        EventId: id,
        Name: name,
        Input: input,
      } = event as {
        EventType?: number;
        EventId?: number;
        Name?: string;
        Input?: string | null;
      };
      return type === HistoryEventType.TaskScheduled && name !== undefined
        ? [{ id, name, input: JSON.parse(input ?? '{}') as Record<string, unknown> }]
        : [];
    });
    const deletes = scheduled.filter((task) => task.name === 'deleteTeardownResource');
    expect(deletes.length).toBeGreaterThan(0);
    for (const task of deletes)
      expect([task.input.stepKey, task.input.waitForCompletion]).toEqual([task.input.stepKey, false]);
    const answers = history.flatMap((event) => {
      const {
        EventType: type,
        TaskScheduledId: id,
        Result: result,
      } = event as {
        EventType?: number;
        TaskScheduledId?: number;
        Result?: string;
      };
      return type === HistoryEventType.TaskCompleted && deletes.some((task) => task.id === id)
        ? [JSON.parse(result ?? '{}') as { outcome?: string }]
        : [];
    });
    // A gateway takes 20 minutes to go: ARM accepted it, and the teardown read it until it was gone.
    expect(answers.map((answer) => answer.outcome)).toContain('deleting');
    expect(scheduled.some((task) => task.name === 'readResource')).toBe(true);
  });

  it('keeps every secret out of histories, checkpoints, events and logs', async () => {
    const instances = ['decom-contoso-never', 'decom-contoso-approved'].flatMap((id) => {
      const root = InstanceIds.forRequest(id);
      return [
        root,
        InstanceIds.teardown(root),
        InstanceIds.deprovisionWait(root, 'a'),
        InstanceIds.deprovisionWait(root, 'b'),
      ];
    });
    const histories = await Promise.all(instances.map((id) => harness.durable.getHistory(id)));
    const recorded = JSON.stringify([
      histories,
      await harness.composition.tables.checkpoints.list('contoso'),
      await harness.composition.tables.outbound.list(),
      harness.logs,
    ]);
    expect(histories.flat().length).toBeGreaterThan(0);
    for (const secret of secrets) expect(recorded).not.toContain(secret);
  });
});
