import { InstanceIds, Orchestrations } from '../../../orchestrations/contracts';
import type { WorkflowTiming } from '../../../shared/config';
import { ONBOARDING_REQUESTED, BANDWIDTH_CHANGE_REQUESTED } from '../../../shared/messages';
import { WorkflowUnavailableError, type WorkflowRuntimeStatus } from '../../../shared/ports/workflows';
import { INTAKE_RULES, submitRequest, type IntakeDependencies } from '../../../shared/services/requestIntake';
import { SCOPE_RULES } from '../../../shared/services/requestScope';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';
import { bandwidthEvent, decommissionEvent, onboardingEvent } from '../../support/requestCloudEvents';
import { customerRecord, fakeCustomers } from '../../support/readOnlyFakes';
import {
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_CONTEXT,
  validConnectThroughSpec,
  validConnectToSpec,
} from '../../support/specs';

const FABRIKAM_TENANT_ID = '9d1c7e55-6a43-4b2f-9e10-5f4a3b2c1d0e';
const TIMING: WorkflowTiming = {
  providerPollMinMs: 60_000,
  providerPollMaxMs: 1_800_000,
  providerReminderEveryMs: 172_800_000,
  providerDeadlineMs: 1_209_600_000,
  resourcePollMs: 60_000,
  leasePollMs: 300_000,
};
const CONTOSO = customerRecord({
  id: 'contoso',
  tenantId: CONTOSO_TENANT_ID,
  subscriptions: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
});
/** Fabrikam, in its own tenant, already owns Contoso's workload subscription: a request must not reach into it. */
const FABRIKAM_OWNING_CONTOSO_WORKLOAD = customerRecord({
  id: 'fabrikam',
  tenantId: FABRIKAM_TENANT_ID,
  subscriptions: [CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
});

function setUp(customers = fakeCustomers()) {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  const deps: IntakeDependencies = {
    requests,
    customers,
    workflows,
    csp: CSP_CONTEXT,
    timing: TIMING,
    now: () => new Date('2026-11-02T08:00:00Z'),
  };
  return { requests, workflows, deps };
}

describe('submitRequest: a valid onboarding request', () => {
  it('records the request and starts one onboarding run under the id derived from the request id', async () => {
    const { requests, workflows, deps } = setUp();
    const outcome = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);

    expect(outcome).toEqual({
      kind: 'accepted',
      requestId: 'req-1',
      instanceId: InstanceIds.forRequest('req-1'),
      customerId: 'contoso',
      type: ONBOARDING_REQUESTED,
    });
    expect(workflows.started).toEqual([
      {
        orchestration: Orchestrations.onboardCustomerV2,
        instanceId: 'req-req-1',
        input: {
          requestId: 'req-1',
          spec: expect.objectContaining({ customer: validConnectThroughSpec().customer }),
          timing: TIMING,
        },
      },
    ]);
    expect(requests.records.get('req-1')).toMatchObject({
      status: 'Accepted',
      instanceId: 'req-req-1',
      customerId: 'contoso',
      type: ONBOARDING_REQUESTED,
      receivedAt: '2026-11-02T08:00:00.000Z',
    });
  });

  it.each<WorkflowRuntimeStatus>(['Pending', 'Running', 'Completed', 'Failed', 'Terminated'])(
    'is a duplicate when redelivered while its run is %s: no second run, the ledger keeps Accepted',
    async (runtimeStatus) => {
      const { requests, workflows, deps } = setUp();
      await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);
      workflows.seed('req-req-1', runtimeStatus);

      const again = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);

      expect(again).toMatchObject({ kind: 'duplicate', requestId: 'req-1', instanceId: 'req-req-1' });
      expect(workflows.started).toHaveLength(1);
      expect(requests.records.get('req-1')).toMatchObject({ status: 'Accepted', deliveries: 2 });
    },
  );

  it('is a duplicate when another delivery started the run between the status check and the start', async () => {
    const { workflows, deps } = setUp();
    const status = workflows.status.bind(workflows);
    // The status read says "no instance", then a concurrent delivery starts it before this one does.
    workflows.status = async (instanceId) => {
      const seen = await status(instanceId);
      workflows.seed(instanceId, 'Running');
      return seen;
    };
    const outcome = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);
    expect(outcome.kind).toBe('duplicate');
    expect(workflows.started).toEqual([]);
  });

  it('starts the run a previous delivery recorded but could not start (the engine was down)', async () => {
    const { requests, workflows, deps } = setUp();
    workflows.failWith = (operation) => (operation === 'start' ? new WorkflowUnavailableError('down') : undefined);
    await expect(submitRequest(onboardingEvent('req-1'), 'servicebus', deps)).rejects.toThrow(WorkflowUnavailableError);
    workflows.failWith = undefined;

    const retried = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);

    expect(retried.kind).toBe('accepted');
    expect(workflows.started).toHaveLength(1);
    expect(requests.records.get('req-1')).toMatchObject({ status: 'Accepted', deliveries: 2 });
  });

  it('brings a Rejected row an older version left (no digest) up to Accepted', async () => {
    const { requests, deps } = setUp();
    await requests.recordReceived({
      requestId: 'req-1',
      type: ONBOARDING_REQUESTED,
      receivedAt: '2026-11-01T08:00:00.000Z',
      status: 'Rejected',
      issues: [{ path: 'subject', rule: 'old', message: 'old refusal' }],
    });

    expect((await submitRequest(onboardingEvent('req-1'), 'http', deps)).kind).toBe('accepted');
    expect(requests.records.get('req-1')).toMatchObject({ status: 'Accepted', instanceId: 'req-req-1', issues: [] });
  });

  it('refuses a corrected body sent under the id of a refused one as RequestIdConflict (an id names one body)', async () => {
    const { requests, deps } = setUp();
    await submitRequest({ ...onboardingEvent('req-1'), subject: 'not-contoso' }, 'http', deps);
    const before = requests.records.get('req-1');
    expect(before?.status).toBe('Rejected');

    expect(await submitRequest(onboardingEvent('req-1'), 'http', deps)).toMatchObject({ code: 'RequestIdConflict' });
    expect(requests.records.get('req-1')).toEqual(before);
  });
});

describe('submitRequest: refusals touch nothing but the ledger', () => {
  it('refuses an invalid request with every issue by field and rule, and records it under its id', async () => {
    const { requests, workflows, deps } = setUp();
    const spec = validConnectThroughSpec();
    spec.circuits.bandwidthMbps = 1234;
    const outcome = await submitRequest({ ...onboardingEvent('req-bad', spec), specversion: '0.3' }, 'http', deps);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      requestId: 'req-bad',
      customerId: 'contoso',
    });
    const paths = outcome.kind === 'rejected' ? outcome.issues.map((issue) => issue.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['specversion', 'data.circuits.bandwidthMbps']));
    expect(requests.records.get('req-bad')).toMatchObject({ status: 'Rejected', customerId: 'contoso' });
    expect(requests.records.get('req-bad')?.issues).toEqual(outcome.kind === 'rejected' ? outcome.issues : []);
    expect(workflows.statusReads).toEqual([]);
    expect(workflows.started).toEqual([]);
  });

  it.each([
    ['not an object', 42],
    ['an array', [onboardingEvent('req-1')]],
    ['an id that is not an id', { ...onboardingEvent('x'), id: 'has spaces and / slashes' }],
  ])('refuses a body that is %s without recording it (no usable id)', async (_what, body) => {
    const { requests, workflows, deps } = setUp();
    const outcome = await submitRequest(body, 'servicebus', deps);
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'ValidationFailed' });
    expect(outcome).not.toHaveProperty('requestId');
    expect(requests.records.size).toBe(0);
    expect(workflows.started).toEqual([]);
  });

  it('leaves an accepted request as it is when a garbled copy of it arrives', async () => {
    const { requests, deps } = setUp();
    await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);
    const before = requests.records.get('req-1');
    const garbled = await submitRequest({ ...onboardingEvent('req-1'), data: null }, 'servicebus', deps);
    expect(garbled.kind).toBe('rejected');
    // Another body under the same id: not even counted as a delivery of the first request.
    expect(requests.records.get('req-1')).toEqual(before);
  });

  it("refuses a request for Contoso naming a subscription Fabrikam owns, at that subscription's fields", async () => {
    const { requests, workflows, deps } = setUp(fakeCustomers([FABRIKAM_OWNING_CONTOSO_WORKLOAD]));
    const outcome = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ScopeViolation',
      requestId: 'req-1',
      customerId: 'contoso',
    });
    const issues = outcome.kind === 'rejected' ? outcome.issues : [];
    expect(issues.every((issue) => issue.rule === SCOPE_RULES.subscriptionOfAnotherCustomer)).toBe(true);
    // The allow-list entry, the app VNet's link, route table and NSG all name the workload subscription.
    expect(issues.map((issue) => issue.path)).toEqual([
      'data.customer.subscriptions[1]',
      'data.vnetLinks[1].vnetId',
      'data.vnetLinks[1].gateway.id',
      'data.routeTables[1].vnetId',
      'data.networkSecurityGroups[1].vnetId',
    ]);
    expect(issues[0]?.message).toContain(CONTOSO_WORKLOAD_SUBSCRIPTION_ID);
    expect(requests.records.get('req-1')?.status).toBe('Rejected');
    expect(workflows.statusReads).toEqual([]);
    expect(workflows.started).toEqual([]);
  });

  it("refuses a connect-to request whose circuit subscription is another customer's", async () => {
    const spec = validConnectToSpec();
    const fabrikam = customerRecord({
      id: 'fabrikam',
      tenantId: FABRIKAM_TENANT_ID,
      subscriptions: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID],
    });
    const { deps } = setUp(fakeCustomers([fabrikam]));
    const outcome = await submitRequest(onboardingEvent('req-1', spec), 'http', deps);
    const paths = outcome.kind === 'rejected' ? outcome.issues.map((issue) => issue.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['data.customer.subscriptions[0]', 'data.circuits.subscriptionId']));
  });

  it('refuses to move a registered customer id to another tenant', async () => {
    const movedContoso = customerRecord({ id: 'contoso', tenantId: FABRIKAM_TENANT_ID, subscriptions: [] });
    const { workflows, deps } = setUp(fakeCustomers([movedContoso]));
    const outcome = await submitRequest(onboardingEvent('req-1'), 'http', deps);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ScopeViolation',
      issues: [expect.objectContaining({ path: 'data.customer.tenantId', rule: SCOPE_RULES.customerKeepsTenant })],
    });
    expect(workflows.started).toEqual([]);
  });

  it("accepts a returning customer's request that names its own subscriptions", async () => {
    const { deps } = setUp(fakeCustomers([CONTOSO]));
    expect((await submitRequest(onboardingEvent('req-2'), 'http', deps)).kind).toBe('accepted');
  });

  it('refuses a request of another type than the entry point takes', async () => {
    const { workflows, deps } = setUp(fakeCustomers([CONTOSO]));
    const outcome = await submitRequest(onboardingEvent('req-1'), 'servicebus', deps, {
      acceptedTypes: [BANDWIDTH_CHANGE_REQUESTED],
    });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [expect.objectContaining({ path: 'type', rule: INTAKE_RULES.typeForChannel })],
    });
    expect(workflows.started).toEqual([]);
  });
});

describe('submitRequest: bandwidth changes and decommissions', () => {
  // Bandwidth changes are assessed against the customer's recorded spec: test/unit/services/bandwidthIntake.test.ts.
  it('starts the decommission workflow for a valid decommission of a known customer (the decision is its to check)', async () => {
    const { requests, workflows, deps } = setUp(fakeCustomers([CONTOSO]));
    const event = decommissionEvent('req-decom');
    const outcome = await submitRequest(event, 'servicebus', deps);
    expect(outcome).toMatchObject({ kind: 'accepted', customerId: 'contoso', instanceId: 'req-req-decom' });
    expect(requests.records.get('req-decom')?.status).toBe('Accepted');
    expect(workflows.started).toEqual([
      {
        orchestration: 'decommissionCustomer',
        instanceId: 'req-req-decom',
        input: { requestId: 'req-decom', customerId: 'contoso', request: event.data, timing: deps.timing },
      },
    ]);
  });

  it('refuses a change for a customer the automation does not manage as UnknownCustomer', async () => {
    const { deps } = setUp();
    const outcome = await submitRequest(bandwidthEvent('req-bw'), 'http', deps);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'UnknownCustomer',
      issues: [expect.objectContaining({ path: 'data.customerId', rule: SCOPE_RULES.customerRegistered })],
    });
  });

  it('validates first: a malformed change is ValidationFailed, not UnsupportedRequestType', async () => {
    const { deps } = setUp(fakeCustomers([CONTOSO]));
    const outcome = await submitRequest(bandwidthEvent('req-bw', { bandwidthMbps: 1500 }), 'servicebus', deps);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ValidationFailed',
      issues: [expect.objectContaining({ path: 'data.bandwidthMbps', rule: 'bandwidth.ladder' })],
    });
  });
});

describe('submitRequest: failures a retry can fix', () => {
  it('throws when the workflow engine cannot be read, after recording the request', async () => {
    const { requests, workflows, deps } = setUp();
    workflows.failWith = (operation) => (operation === 'status' ? new WorkflowUnavailableError('down') : undefined);
    await expect(submitRequest(onboardingEvent('req-1'), 'servicebus', deps)).rejects.toThrow('down');
    expect(requests.records.get('req-1')?.status).toBe('Accepted');
    expect(workflows.started).toEqual([]);
  });

  it('throws when the registry cannot be read, before recording anything', async () => {
    const { requests, deps } = setUp({
      get: () => Promise.reject(new Error('table unavailable')),
      tenantOfSubscription: () => Promise.resolve(undefined),
      ownerOfSubscription: () => Promise.resolve(undefined),
    });
    await expect(submitRequest(onboardingEvent('req-1'), 'servicebus', deps)).rejects.toThrow('table unavailable');
    expect(requests.records.size).toBe(0);
  });
});
