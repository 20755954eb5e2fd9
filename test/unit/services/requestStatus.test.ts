import type { CheckpointLog, CheckpointRecord } from '../../../shared/ports/checkpoints';
import { readRequestStatus } from '../../../shared/services/requestStatus';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';

function checkpoint(requestId: string, stepKey: string): CheckpointRecord {
  return {
    customerId: 'contoso',
    requestId,
    stepKey,
    status: 'Succeeded',
    attempt: 1,
    startedAt: '2026-11-02T08:00:00.000Z',
    updatedAt: '2026-11-02T08:01:00.000Z',
    armIds: [],
  };
}

function setUp() {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  const listed: { customerId: string; requestId: string | undefined }[] = [];
  const checkpoints: Pick<CheckpointLog, 'list'> = {
    list: (customerId, requestId) => {
      listed.push({ customerId, requestId });
      return Promise.resolve([checkpoint(requestId ?? '', 'validate'), checkpoint(requestId ?? '', 'register')]);
    },
  };
  return { requests, workflows, listed, deps: { requests, workflows, checkpoints } };
}

async function received(requests: InMemoryRequestLedger, requestId: string): Promise<void> {
  await requests.recordReceived({
    requestId,
    type: 'com.csp.expressroute.onboarding.requested',
    customerId: 'contoso',
    receivedAt: '2026-11-02T08:00:00.000Z',
    instanceId: `req-${requestId}`,
    status: 'Accepted',
  });
}

describe('readRequestStatus', () => {
  it("combines the ledger, the workflow's status and phase, and the request's checkpoints", async () => {
    const { requests, workflows, listed, deps } = setUp();
    await received(requests, 'req-1');
    workflows.seed('req-req-1', 'Running', {
      customStatus: { phase: 'awaiting-provider', requestId: 'req-1', customerId: 'contoso' },
    });
    workflows.seed('req-req-1:leg-a:provider', 'Running', {
      customStatus: {
        phase: 'awaiting-provider',
        leg: 'a',
        serviceProviderProvisioningState: 'NotProvisioned',
        polls: 3,
      },
    });

    const view = await readRequestStatus('req-1', deps);

    expect(view).toMatchObject({
      id: 'req-1',
      instanceId: 'req-req-1',
      type: 'com.csp.expressroute.onboarding.requested',
      customerId: 'contoso',
      status: 'Accepted',
      deliveries: 1,
      runtimeStatus: 'Running',
      phase: 'awaiting-provider',
      checkpoints: [{ stepKey: 'validate' }, { stepKey: 'register' }],
    });
    // The provider wait shows what Azure last said: ProviderProvisioned did not end it while Azure says otherwise.
    expect(view?.providerWaits).toEqual([
      {
        leg: 'a',
        instanceId: 'req-req-1:leg-a:provider',
        runtimeStatus: 'Running',
        serviceProviderProvisioningState: 'NotProvisioned',
        polls: 3,
      },
    ]);
    expect(view).not.toHaveProperty('output');
    expect(listed).toEqual([{ customerId: 'contoso', requestId: 'req-1' }]);
    expect(workflows.statusReads).toEqual([
      'req-req-1',
      'req-req-1:leg-a',
      'req-req-1:leg-b',
      'req-req-1:leg-a:provider',
      'req-req-1:leg-b:provider',
    ]);
  });

  it("shows every pair's provider waits, found by the await-provider steps the request checkpointed", async () => {
    const requests = new InMemoryRequestLedger();
    const workflows = new FakeWorkflows();
    await received(requests, 'req-2');
    workflows.seed('req-req-2', 'Running', { customStatus: { phase: 'awaiting-provider', customerId: 'contoso' } });
    workflows.seed('req-req-2:leg-dr:b:provider', 'Running', {
      customStatus: {
        phase: 'awaiting-provider',
        leg: 'b',
        pair: 'dr',
        serviceProviderProvisioningState: 'Provisioning',
      },
    });
    const checkpoints: Pick<CheckpointLog, 'list'> = {
      list: (_customerId, requestId) =>
        Promise.resolve([
          checkpoint(requestId ?? '', 'await-provider:a'),
          checkpoint(requestId ?? '', 'await-provider:dr:b'),
        ]),
    };

    const view = await readRequestStatus('req-2', { requests, workflows, checkpoints });

    expect(view?.providerWaits).toEqual([
      {
        leg: 'b',
        pair: 'dr',
        instanceId: 'req-req-2:leg-dr:b:provider',
        runtimeStatus: 'Running',
        serviceProviderProvisioningState: 'Provisioning',
        polls: null,
      },
    ]);
    expect(workflows.statusReads).toEqual([
      'req-req-2',
      'req-req-2:leg-a',
      'req-req-2:leg-b',
      'req-req-2:leg-dr:b',
      'req-req-2:leg-a:provider',
      'req-req-2:leg-b:provider',
      'req-req-2:leg-dr:b:provider',
    ]);
  });

  it('says what the request waits for: the provider while any leg waits for it, then the least advanced leg', async () => {
    const { requests, workflows, deps } = setUp();
    await received(requests, 'req-3');
    workflows.seed('req-req-3', 'Running', { customStatus: { phase: 'awaiting-provider', customerId: 'contoso' } });
    const legs = (a: string, b: string, bStatus: 'Running' | 'Completed' = 'Running') => {
      workflows.seed('req-req-3:leg-a', 'Running', { customStatus: { phase: a, leg: 'a' } });
      workflows.seed('req-req-3:leg-b', bStatus, { customStatus: { phase: b, leg: 'b' } });
    };

    // Circuit a is connecting, circuit b still waits for its provider: the request waits for the provider.
    legs('connecting', 'awaiting-provider');
    let view = await readRequestStatus('req-3', deps);
    expect(view?.phase).toBe('awaiting-provider');
    expect(view?.circuitLegs).toEqual([
      { leg: 'a', instanceId: 'req-req-3:leg-a', runtimeStatus: 'Running', phase: 'connecting' },
      { leg: 'b', instanceId: 'req-req-3:leg-b', runtimeStatus: 'Running', phase: 'awaiting-provider' },
    ]);

    // Both providers answered: b configures its peerings, a connects; the request waits for b's peerings.
    legs('connecting', 'configuring-peerings');
    view = await readRequestStatus('req-3', deps);
    expect(view?.phase).toBe('configuring-peerings');

    // b is done; a still connects.
    legs('connecting', 'connecting', 'Completed');
    view = await readRequestStatus('req-3', deps);
    expect(view?.phase).toBe('connecting');

    // Any other phase of the workflow is its own.
    workflows.seed('req-req-3', 'Running', { customStatus: { phase: 'associating-subnets', customerId: 'contoso' } });
    view = await readRequestStatus('req-3', deps);
    expect(view?.phase).toBe('associating-subnets');
  });

  it('gives the output of a completed run and only the first line of a failure', async () => {
    const { requests, workflows, deps } = setUp();
    await received(requests, 'req-ok');
    await received(requests, 'req-ko');
    workflows.seed('req-req-ok', 'Completed', {
      output: { status: 'Completed', customerId: 'contoso', resources: 12 },
    });
    workflows.seed('req-req-ko', 'Failed', { output: 'ProviderDeadlineExceeded: leg a\n    at step (x.js:1:1)' });

    expect(await readRequestStatus('req-ok', deps)).toMatchObject({ output: { resources: 12 } });
    const failed = await readRequestStatus('req-ko', deps);
    expect(failed).toMatchObject({ error: { message: 'ProviderDeadlineExceeded: leg a' } });
    expect(failed).not.toHaveProperty('output');
  });

  it('shows a refused request with its issues and no workflow', async () => {
    const { requests, listed, deps } = setUp();
    const issues = [{ path: 'subject', rule: 'schema.format', message: 'must be a customer id' }];
    await requests.recordReceived({
      requestId: 'req-bad',
      type: 'com.csp.expressroute.onboarding.requested',
      receivedAt: '2026-11-02T08:00:00.000Z',
      status: 'Rejected',
      issues,
    });
    expect(await readRequestStatus('req-bad', deps)).toMatchObject({
      status: 'Rejected',
      issues,
      runtimeStatus: null,
      phase: null,
      customerId: null,
      checkpoints: [],
    });
    expect(listed).toEqual([]);
  });

  it('is undefined for an id nobody knows', async () => {
    expect(await readRequestStatus('never-sent', setUp().deps)).toBeUndefined();
  });
});
