import { ExternalEvents } from '../../../orchestrations/contracts';
import { EVENT_RULES, PROVIDER_PROVISIONED_EFFECT, signalRequest } from '../../../shared/services/requestEvents';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';

const REQUEST = 'req-1';
const WAIT_A = 'req-req-1:leg-a:provider';
const WAIT_B = 'req-req-1:leg-b:provider';

function setUp() {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  workflows.seed('req-req-1', 'Running');
  return { requests, workflows, deps: { requests, workflows } };
}

describe('signalRequest', () => {
  it('raises ProviderProvisioned on the provider wait of both legs, reporting a leg that is not waiting', async () => {
    const { workflows, deps } = setUp();
    workflows.seed(WAIT_A, 'Running');
    workflows.seed(WAIT_B, 'Completed');

    const outcome = await signalRequest(REQUEST, ExternalEvents.providerProvisioned, undefined, deps);

    expect(outcome).toEqual({
      kind: 'signalled',
      event: 'ProviderProvisioned',
      effect: PROVIDER_PROVISIONED_EFFECT,
      targets: [
        { instanceId: WAIT_A, leg: 'a', signalled: true, runtimeStatus: 'Running' },
        { instanceId: WAIT_B, leg: 'b', signalled: false, runtimeStatus: 'Completed', notWaiting: 'ended' },
      ],
    });
    expect(workflows.raised).toEqual([{ instanceId: WAIT_A, eventName: 'ProviderProvisioned', data: {} }]);
  });

  it('takes an Abort only with who aborts, and records who sent it beside', async () => {
    const { workflows, deps } = setUp();
    const unnamed = await signalRequest(REQUEST, ExternalEvents.abort, { reason: 'changed our mind' }, deps);
    expect(unnamed).toMatchObject({ kind: 'invalid', issues: [{ path: 'abortedBy', rule: EVENT_RULES.decision }] });
    expect(workflows.raised).toEqual([]);

    const body = { abortedBy: 'maria.lopez@csp.example', reason: 'the provider cannot deliver' };
    const outcome = await signalRequest(REQUEST, ExternalEvents.abort, body, deps, { sentBy: 'ops-portal' });
    expect(outcome).toMatchObject({ kind: 'signalled', event: 'Abort' });
    expect(workflows.raised).toEqual([
      { instanceId: 'req-req-1', eventName: 'Abort', data: { ...body, sentBy: 'ops-portal' } },
    ]);
  });

  it('raises ProviderProvisioned on one leg when the body names it; a wait not started yet is reported', async () => {
    const { workflows, deps } = setUp();
    const outcome = await signalRequest(REQUEST, ExternalEvents.providerProvisioned, { leg: 'b' }, deps);
    expect(outcome).toEqual({
      kind: 'signalled',
      event: 'ProviderProvisioned',
      effect: PROVIDER_PROVISIONED_EFFECT,
      targets: [{ instanceId: WAIT_B, leg: 'b', signalled: false, runtimeStatus: null, notWaiting: 'not-found' }],
    });
    expect(workflows.raised).toEqual([]);
  });

  it('says that ProviderProvisioned makes the waits check Azure now, and that NotProvisioned keeps them waiting', () => {
    expect(PROVIDER_PROVISIONED_EFFECT).toMatch(/read Azure now/);
    expect(PROVIDER_PROVISIONED_EFFECT).toMatch(/NotProvisioned they keep waiting/);
  });

  it.each([ExternalEvents.approval])('raises %s on the request instance with the body as data', async (event) => {
    const { workflows, deps } = setUp();
    const data = { approvedBy: 'maria.lopez@csp.example', planDigest: 'td-0123456789abcdef', reference: 'CHG0012345' };
    const outcome = await signalRequest(REQUEST, event, data, deps);
    expect(outcome).toMatchObject({ kind: 'signalled', targets: [{ instanceId: 'req-req-1', signalled: true }] });
    expect(workflows.raised).toEqual([{ instanceId: 'req-req-1', eventName: event, data }]);
  });

  it('refuses an unknown event name and a bad leg, naming the field and rule, before reading anything', async () => {
    const { workflows, deps } = setUp();
    const outcome = await signalRequest(REQUEST, 'ProviderDone', { leg: 'c' }, deps);
    expect(outcome).toEqual({
      kind: 'invalid',
      issues: [
        expect.objectContaining({ path: '(route) name', rule: EVENT_RULES.knownName }),
        expect.objectContaining({ path: 'leg', rule: EVENT_RULES.leg }),
      ],
    });
    expect(await signalRequest(REQUEST, 'Approval', [1, 2], deps)).toMatchObject({
      kind: 'invalid',
      issues: [expect.objectContaining({ path: '', rule: EVENT_RULES.body })],
    });
    expect(workflows.statusReads).toEqual([]);
  });

  it('answers unknown-request when neither the ledger nor the engine knows the id', async () => {
    const { deps } = setUp();
    expect(await signalRequest('never-sent', ExternalEvents.providerDeprovisioned, {}, deps)).toEqual({
      kind: 'unknown-request',
    });
  });

  it('reports an instance that vanished between the status read and the raise as not waiting', async () => {
    const { workflows, deps } = setUp();
    workflows.seed(WAIT_A, 'Running');
    const raise = workflows.raiseEvent.bind(workflows);
    workflows.raiseEvent = (instanceId, name, data) => {
      workflows.instances.delete(instanceId);
      return raise(instanceId, name, data);
    };
    const outcome = await signalRequest(REQUEST, ExternalEvents.providerProvisioned, { leg: 'a' }, deps);
    expect(outcome).toMatchObject({ targets: [{ instanceId: WAIT_A, signalled: false, notWaiting: 'not-found' }] });
  });
});
