/**
 * The request endpoints over HTTP, invoked with real `HttpRequest`s against the whole app: submit (202, 200 for a
 * duplicate, problem+json for refusals), status with checkpoints, and external events ending a provider wait.
 */
import type { HttpResponse } from '@azure/functions';
import { ExternalEvents, InstanceIds } from '../../orchestrations/contracts';
import { RequestFunctions } from '../../functions/http/requestRoutes';
import { APP_ORIGIN, useFunctionsHarness } from '../support/functionsHarness';
import { seedCustomerNetworks } from '../support/onboardingHarness';
import { DAY, providerWaitInstance, withNewGateways } from '../support/onboardingScenarios';
import { bandwidthEvent, onboardingEvent } from '../support/requestCloudEvents';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(120_000);

const STATUS_URI = `${APP_ORIGIN}/api/requests/web-1`;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: { path: string; rule: string; message: string }[];
}

async function problemOf(response: HttpResponse, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^(urn:ercsp:problem:|about:blank)/) });
  expect(problem.title.length).toBeGreaterThan(3);
  expect(problem.detail.length).toBeGreaterThan(3);
  return problem;
}

describe('the request endpoints', () => {
  const started = useFunctionsHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
  const spec = withNewGateways(validConnectThroughSpec());

  const submit = (body: unknown, contentType?: string) =>
    started().http(RequestFunctions.submit.name, {
      method: 'POST',
      path: 'requests',
      body,
      ...(contentType === undefined ? {} : { contentType }),
    });
  const status = (id: string) =>
    started().http(RequestFunctions.status.name, { method: 'GET', path: `requests/${id}`, params: { id } });
  const raise = (id: string, name: string, body?: unknown) =>
    started().http(RequestFunctions.events.name, {
      method: 'POST',
      path: `requests/${id}/events/${name}`,
      params: { id, name },
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(() => {
    seedCustomerNetworks(started().arm, spec);
  });

  it('accepts a request with 202 and its links, and answers a resubmission with 200 and the same links', async () => {
    const harness = started();
    const accepted = await submit(onboardingEvent('web-1', spec), 'application/cloudevents+json');
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(STATUS_URI);
    const links = {
      id: 'web-1',
      instanceId: 'req-web-1',
      statusQueryGetUri: STATUS_URI,
      eventsUri: `${STATUS_URI}/events/{name}`,
    };
    expect(await accepted.json()).toEqual(links);

    const again = await submit(onboardingEvent('web-1', spec));
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(STATUS_URI);
    expect(await again.json()).toEqual(links);
    expect((await harness.durable.listInstances()).map((instance) => instance.instanceId)).toEqual(['req-web-1']);
  });

  it('shows the request waiting for the provider, with the checkpoints so far', async () => {
    const harness = started();
    await harness.durable.runUntilIdle({ maxVirtualMs: 1 * DAY });
    const response = await status('web-1');
    expect(response.status).toBe(200);
    const view = (await response.json()) as { checkpoints: { stepKey: string; status: string }[] };
    expect(view).toMatchObject({
      id: 'web-1',
      type: 'com.csp.expressroute.onboarding.requested',
      customerId: 'contoso',
      status: 'Accepted',
      deliveries: 2,
      runtimeStatus: 'Running',
      phase: 'awaiting-provider',
    });
    expect(view.checkpoints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stepKey: 'validate', status: 'Succeeded' }),
        expect.objectContaining({ stepKey: 'await-provider:a', status: 'Waiting' }),
      ]),
    );
  });

  it('ends the provider wait of both legs when ProviderProvisioned is raised, and reports ended waits later', async () => {
    const harness = started();
    for (const leg of ['a', 'b'] as const) {
      expect((await harness.durable.getStatus(providerWaitInstance('web-1', leg)))?.runtimeStatus).toBe('Running');
    }
    for (const circuit of harness.arm.control
      .resources()
      .filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits')) {
      harness.arm.control.provision(circuit.id);
    }
    const raisedAt = harness.clock.now();
    const raised = await raise('web-1', ExternalEvents.providerProvisioned);
    expect(raised.status).toBe(202);
    expect(await raised.json()).toEqual({
      id: 'web-1',
      event: 'ProviderProvisioned',
      effect: expect.stringMatching(/read Azure now; if Azure still reports NotProvisioned they keep waiting/),
      targets: [
        { instanceId: providerWaitInstance('web-1', 'a'), leg: 'a', signalled: true, runtimeStatus: 'Running' },
        { instanceId: providerWaitInstance('web-1', 'b'), leg: 'b', signalled: true, runtimeStatus: 'Running' },
      ],
    });
    const run = await harness.durable.waitForCompletion(InstanceIds.forRequest('web-1'), { maxVirtualMs: 2 * DAY });
    expect(run.runtimeStatus).toBe('Completed');
    // The wait ended on the event, not on its next poll (30 minutes apart by now).
    const waitA = await harness.durable.getStatus(providerWaitInstance('web-1', 'a'));
    expect(waitA?.lastUpdatedTime.getTime()).toBeLessThan(raisedAt + 60_000);

    const late = await raise('web-1', ExternalEvents.providerProvisioned, { leg: 'a' });
    expect(await late.json()).toMatchObject({
      targets: [{ leg: 'a', signalled: false, runtimeStatus: 'Completed', notWaiting: 'ended' }],
    });
  });

  it('shows the completed request with its output and every checkpoint', async () => {
    const view = (await (await status('web-1')).json()) as { checkpoints: { stepKey: string; status: string }[] };
    expect(view).toMatchObject({
      status: 'Completed',
      runtimeStatus: 'Completed',
      phase: 'completed',
      output: { status: 'Completed', customerId: 'contoso' },
    });
    expect(view.checkpoints.find((row) => row.stepKey === 'verify')).toMatchObject({ status: 'Succeeded' });
    expect(view.checkpoints.filter((row) => row.status === 'Failed')).toEqual([]);
  });

  it('refuses what it cannot take as problem+json naming the field and rule', async () => {
    const harness = started();
    const invalid = await problemOf(
      await submit({ ...onboardingEvent('web-bad', spec), specversion: '0.3', subject: 'Not A Customer' }),
      400,
    );
    expect(invalid).toMatchObject({ code: 'ValidationFailed', type: 'urn:ercsp:problem:validation-failed' });
    expect(invalid.errors?.map((error) => `${error.path} [${error.rule}]`)).toEqual(
      expect.arrayContaining(['specversion [schema.enum]', 'subject [schema.format]']),
    );

    const notJson = await problemOf(await submit('specversion=1.0', 'text/plain'), 415);
    expect(notJson.errors).toEqual([expect.objectContaining({ path: '(header) Content-Type', rule: 'media-type' })]);
    const broken = await problemOf(await submit('{"specversion": "1.0",'), 400);
    expect(broken.errors).toEqual([expect.objectContaining({ path: '', rule: 'json-syntax' })]);

    const unknownCustomer = await problemOf(
      await submit({
        ...bandwidthEvent('web-bw-1'),
        subject: 'northwind',
        data: { customerId: 'northwind', bandwidthMbps: 2000 },
      }),
      404,
    );
    expect(unknownCustomer).toMatchObject({
      code: 'UnknownCustomer',
      errors: [{ path: 'data.customerId', rule: 'customer.registered' }],
    });

    // A decrease needs a new pair: approved but without the new pair's addressing, it is refused before anything starts.
    const approval = {
      approvedBy: 'maria.lopez@csp.example',
      ticket: 'CHG0012345',
      approvedAt: '2026-11-02T07:00:00Z',
    };
    const unaddressed = await problemOf(
      await submit(bandwidthEvent('web-bw-2', { bandwidthMbps: 500, approval })),
      400,
    );
    expect(unaddressed).toMatchObject({
      code: 'ValidationFailed',
      errors: [{ path: 'data.newPair.privatePeering', rule: 'migration.addressing-required' }],
    });
    const instances = (await harness.durable.listInstances()).map((instance) => instance.instanceId);
    expect(instances.filter((instanceId) => !instanceId.startsWith('req-web-1'))).toEqual([]);
  });

  it('answers 404 for an unknown request and 400 for an unknown event name', async () => {
    const unknown = await problemOf(await status('never-sent'), 404);
    expect(unknown.code).toBe('RequestNotFound');
    const approval = { approvedBy: 'maria.lopez@csp.example', planDigest: 'td-0123456789abcdef' };
    await problemOf(await raise('never-sent', ExternalEvents.approval, approval), 404);

    const badName = await problemOf(await raise('web-1', 'ProviderDone'), 400);
    expect(badName.errors).toEqual([
      expect.objectContaining({
        path: '(route) name',
        rule: 'event.known-name',
        message: expect.stringContaining('ProviderProvisioned'),
      }),
    ]);
    const badLeg = await problemOf(await raise('web-1', ExternalEvents.providerProvisioned, { leg: 'c' }), 400);
    expect(badLeg.errors).toEqual([expect.objectContaining({ path: 'leg', rule: 'event.leg' })]);
  });

  it("never puts the caller's function key in a link or a log", () => {
    const harness = started();
    expect(harness.logs.join('\n')).not.toContain('function-key-value');
  });
});
