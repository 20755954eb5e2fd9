/** The decision events of a decommission over HTTP: what an Approval and a Rejection must say, and where they go. */
import { ExternalEvents } from '../../../orchestrations/contracts';
import { EVENT_RULES, signalRequest } from '../../../shared/services/requestEvents';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';

const REQUEST = 'req-9';
const INSTANCE = 'req-req-9';

function setUp() {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  workflows.seed(INSTANCE, 'Running');
  return { workflows, deps: { requests, workflows } };
}

describe('decommission decision events', () => {
  it('raises an Approval on the request with the digest it approves and who sent it', async () => {
    const { workflows, deps } = setUp();
    const body = { approvedBy: 'maria.lopez@csp.example', planDigest: 'td-0123456789abcdef', reference: 'CHG0048213' };
    const outcome = await signalRequest(REQUEST, ExternalEvents.approval, body, deps, {
      sentBy: 'maria.lopez@csp.example',
    });
    expect(outcome).toMatchObject({ kind: 'signalled', targets: [{ instanceId: INSTANCE, signalled: true }] });
    expect(workflows.raised).toEqual([
      { instanceId: INSTANCE, eventName: 'Approval', data: { ...body, sentBy: 'maria.lopez@csp.example' } },
    ]);
  });

  it('refuses an Approval without who or without the plan digest, and a Rejection without who, naming field and rule', async () => {
    const { workflows, deps } = setUp();
    expect(await signalRequest(REQUEST, ExternalEvents.approval, { approvedBy: 'maria' }, deps)).toEqual({
      kind: 'invalid',
      issues: [
        expect.objectContaining({ path: 'approvedBy', rule: EVENT_RULES.decision }),
        expect.objectContaining({ path: 'planDigest', rule: EVENT_RULES.decision }),
      ],
    });
    expect(await signalRequest(REQUEST, ExternalEvents.rejection, { reason: 'not yet' }, deps)).toEqual({
      kind: 'invalid',
      issues: [expect.objectContaining({ path: 'rejectedBy', rule: EVENT_RULES.decision })],
    });
    expect(workflows.raised).toEqual([]);
  });

  it('raises ProviderDeprovisioned on the deprovision wait of each leg, or of the leg named', async () => {
    const { workflows, deps } = setUp();
    workflows.seed(`${INSTANCE}:leg-a:deprovision`, 'Running');
    const both = await signalRequest(REQUEST, ExternalEvents.providerDeprovisioned, undefined, deps);
    expect(both).toMatchObject({
      kind: 'signalled',
      targets: [
        { instanceId: `${INSTANCE}:leg-a:deprovision`, leg: 'a', signalled: true },
        { instanceId: `${INSTANCE}:leg-b:deprovision`, leg: 'b', signalled: false, notWaiting: 'not-found' },
      ],
    });
    expect(workflows.raised).toEqual([
      { instanceId: `${INSTANCE}:leg-a:deprovision`, eventName: 'ProviderDeprovisioned', data: {} },
    ]);
  });
});
