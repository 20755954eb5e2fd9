/**
 * The request-queue triggers as the Functions host runs them: redelivery never starts a second run nor repeats an ARM
 * write; anything refused is parked on the rejected-requests queue with its reason and never crashes the handler; a
 * request that reaches into another customer's subscription touches nothing, over Service Bus or HTTP.
 */
import fc from 'fast-check';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { RequestFunctions } from '../../functions/http/requestRoutes';
import { REQUEST_QUEUE_FUNCTIONS } from '../../functions/support/requestQueueTrigger';
import { createInvocationContext } from '../../local/functionsHost';
import type { CustomerSpec } from '../../shared/domain/spec';
import type { ParkedRequest } from '../../shared/services/requestMessages';
import { asBindingBody, useFunctionsHarness, type FunctionsHarness } from '../support/functionsHarness';
import { seedCustomerNetworks } from '../support/onboardingHarness';
import { asFabrikam, DAY, HOUR, withNewGateways, writesByOperation } from '../support/onboardingScenarios';
import { onboardingEvent } from '../support/requestCloudEvents';
import { malformedRequestBodies } from '../support/malformedRequests';
import { validConnectThroughSpec, validConnectToSpec } from '../support/specs';

jest.setTimeout(120_000);

const FABRIKAM_SUBSCRIPTION = 'c3d4e5f6-3333-4a71-8cbd-2e3f4a5b6c7d';
const REFUSAL_REASONS = [
  'ValidationFailed',
  'ScopeViolation',
  'UnknownCustomer',
  'UnsupportedRequestType',
  'MalformedJson',
];

async function onboardingRuns(harness: FunctionsHarness) {
  return (await harness.durable.listInstances()).filter(
    (instance) => instance.name === Orchestrations.onboardCustomerV2,
  );
}

describe('request queues: redelivery', () => {
  const started = useFunctionsHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });

  it('three interleaved, concurrent deliveries of each request start one run each, with the writes of one delivery', async () => {
    const harness = started();
    const contoso = withNewGateways(validConnectThroughSpec());
    const fabrikam = asFabrikam(contoso);
    seedCustomerNetworks(harness.arm, contoso);
    seedCustomerNetworks(harness.arm, fabrikam);
    const deliver = (spec: CustomerSpec, requestId: string, deliveryCount: number) =>
      harness.deliver('onboarding', onboardingEvent(requestId, spec), { messageId: requestId, deliveryCount });
    const completion = async (requestId: string) =>
      (await harness.durable.waitForCompletion(InstanceIds.forRequest(requestId), { maxVirtualMs: 10 * DAY }))
        .runtimeStatus;

    // Baseline: what one delivery of one request writes to ARM.
    expect((await deliver(contoso, 'contoso-1', 1)).parked).toBeUndefined();
    expect(await completion('contoso-1')).toBe('Completed');
    const writesOfOneRun = writesByOperation(harness);
    harness.arm.control.resetCounters();

    // Fabrikam's request three times, interleaved with two late redeliveries of Contoso's finished one.
    const deliveries = await Promise.all([
      deliver(fabrikam, 'fabrikam-1', 1),
      deliver(contoso, 'contoso-1', 2),
      deliver(fabrikam, 'fabrikam-1', 2),
      deliver(contoso, 'contoso-1', 3),
      deliver(fabrikam, 'fabrikam-1', 3),
    ]);
    expect(deliveries.map((delivery) => delivery.parked)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(await completion('fabrikam-1')).toBe('Completed');

    expect((await onboardingRuns(harness)).map((run) => run.instanceId).sort()).toEqual([
      'req-contoso-1',
      'req-fabrikam-1',
    ]);
    expect(writesByOperation(harness)).toEqual(writesOfOneRun);
    const ledger = harness.composition.tables.requests;
    // Redeliveries count, but never overwrite the request's own state: the finished run recorded Completed.
    expect(await ledger.get('fabrikam-1')).toMatchObject({
      status: 'Completed',
      deliveries: 3,
      instanceId: 'req-fabrikam-1',
    });
    expect(await ledger.get('contoso-1')).toMatchObject({ deliveries: 3, instanceId: 'req-contoso-1' });
    expect(
      jsonLogLines(harness.logs).filter(
        (line) => line.requestId === 'fabrikam-1' && /^request accepted over queue /.test(String(line.message)),
      ),
    ).toHaveLength(1);
  });
  it('throws a message back while the workflow engine is unreachable (the host retries it), then accepts it', async () => {
    const harness = started();
    const spec = asFabrikam(withNewGateways(validConnectToSpec()));
    const event = onboardingEvent('fabrikam-2', spec);
    const registration = harness.triggers.get(REQUEST_QUEUE_FUNCTIONS.onboarding, 'serviceBusQueue');
    const binding = harness.durable.clientBindingFor();
    await harness.durable.stop();
    const context = createInvocationContext(registration, {
      extraInputs: { durableClient: binding },
      triggerMetadata: { messageId: 'fabrikam-2', deliveryCount: 1 },
    });
    await expect(registration.handler(event, context)).rejects.toMatchObject({ code: 'WorkflowEngineUnavailable' });
    const [rejectedQueue] = registration.extraOutputs;
    expect(rejectedQueue && context.extraOutputs.get(rejectedQueue)).toBeUndefined();

    await harness.restartDurable();
    const redelivered = await harness.deliver('onboarding', event, { messageId: 'fabrikam-2', deliveryCount: 2 });
    expect(redelivered.parked).toBeUndefined();
    expect(await harness.durable.getStatus(InstanceIds.forRequest('fabrikam-2'))).toBeDefined();
    expect(await harness.composition.tables.requests.get('fabrikam-2')).toMatchObject({
      status: 'Accepted',
      deliveries: 2,
    });
  });
});

describe('request queues: refusals', () => {
  const started = useFunctionsHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });

  it('parks 1,000 malformed messages with a reason and a field and rule for each issue, starting nothing', async () => {
    const harness = started();
    const queues = ['onboarding', 'bandwidth', 'decommission'] as const;
    const samples = fc.sample(fc.tuple(malformedRequestBodies(), fc.constantFrom(...queues)), {
      numRuns: 1000,
      seed: 20261102,
    });
    const parked: ParkedRequest[] = [];
    const failures: string[] = [];
    const batch = 50;
    for (let start = 0; start < samples.length; start += batch) {
      await Promise.all(
        samples.slice(start, start + batch).map(async ([text, queue], index) => {
          try {
            const { parked: record } = await harness.deliver(queue, asBindingBody(text), {
              messageId: `m-${start + index}`,
            });
            if (record === undefined) failures.push(`not parked: ${text.slice(0, 200)}`);
            else parked.push(record);
          } catch (error) {
            failures.push(`threw ${String(error)} for ${text.slice(0, 200)}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    expect(parked).toHaveLength(1000);
    for (const record of parked) {
      expect(REFUSAL_REASONS).toContain(record.reason);
      expect(record.issues.length).toBeGreaterThan(0);
      expect(record.description).toMatch(/^(\(root\)|[\w.[\]-]+|\(route\) \w+): .+ \[[\w.-]+\]/);
      for (const issue of record.issues) expect(record.description).toContain(`[${issue.rule}]`);
    }
    const reasons = new Set(parked.map((record) => record.reason));
    expect(reasons).toEqual(new Set(['ValidationFailed', 'MalformedJson']));
    expect(await harness.durable.listInstances()).toEqual([]);
    expect(harness.arm.control.counters().total).toMatchObject({ reads: 0, writes: 0, deletes: 0 });
    // One line per parked message, and never a body.
    const parkedLines = jsonLogLines(harness.logs).filter((line) => String(line.message).startsWith('Parked message'));
    expect(parkedLines).toHaveLength(1000);
    const logged = harness.logs.join('\n');
    expect(logged).not.toContain('crm.csp.example');
    expect(parkedLines.filter((line) => String(line.message).includes('{'))).toEqual([]);
  });

  it("refuses a request for Contoso that names Fabrikam's subscription on both paths, touching nothing", async () => {
    const harness = started();
    const fabrikam = asFabrikam(withNewGateways(validConnectThroughSpec()));
    await harness.composition.tables.customers.register(fabrikam.customer, {
      circuitSubscriptionId: fabrikam.circuits.subscriptionId,
      vnetIds: [],
      requestId: 'seed-fabrikam',
    });
    const reaching = withNewGateways(validConnectThroughSpec());
    reaching.customer.subscriptions.push(FABRIKAM_SUBSCRIPTION);
    harness.arm.control.resetCounters();

    const { parked } = await harness.deliver('onboarding', onboardingEvent('contoso-reach-sb', reaching), {
      messageId: 'msg-reach',
      deliveryCount: 1,
    });
    expect(parked).toMatchObject({
      reason: 'ScopeViolation',
      messageId: 'msg-reach',
      queue: 'er-onboarding',
      requestId: 'contoso-reach-sb',
      issues: [{ path: 'data.customer.subscriptions[2]', rule: 'scope.subscription-of-another-customer' }],
    });
    expect(parked?.description).toMatch(
      /^data\.customer\.subscriptions\[2\]: subscription c3d4e5f6-.* \[scope\.subscription-of-another-customer\]$/,
    );

    const response = await harness.http(RequestFunctions.submit.name, {
      method: 'POST',
      path: 'requests',
      body: onboardingEvent('contoso-reach-http', reaching),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 403,
      code: 'ScopeViolation',
      errors: [{ path: 'data.customer.subscriptions[2]', rule: 'scope.subscription-of-another-customer' }],
    });

    expect(harness.arm.control.counters().total).toMatchObject({ reads: 0, writes: 0, deletes: 0 });
    expect(await harness.durable.listInstances()).toEqual([]);
    for (const id of ['contoso-reach-sb', 'contoso-reach-http']) {
      expect(await harness.composition.tables.requests.get(id)).toMatchObject({ status: 'Rejected' });
    }
    expect(await harness.composition.tables.customers.get('contoso')).toBeUndefined();
  });
});

/** The log lines that are JSON objects (shared/logging.ts writes every line so). */
function jsonLogLines(logs: readonly string[]): Record<string, unknown>[] {
  return logs.flatMap((line): Record<string, unknown>[] => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [{ ...parsed }] : [];
    } catch {
      return [];
    }
  });
}
