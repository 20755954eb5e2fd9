/**
 * acquireCustomerLease, branch by branch, through durable-functions' own executor (test/support/generatorDriver.ts).
 */
import type { AcquireLeaseInput } from '../../../orchestrations/contracts';
import { acquireCustomerLeaseOrchestrator } from '../../../orchestrations/acquireCustomerLease.orchestrator';
import { DRIVER_START, OrchestrationDriver } from '../../support/generatorDriver';

const MINUTE = 60_000;
const at = (offsetMs: number): string => new Date(DRIVER_START.getTime() + offsetMs).toISOString();

const input: AcquireLeaseInput = {
  requestId: 'r-2',
  customerId: 'contoso',
  stepKey: 'lease',
  owner: 'req-r-2',
  timing: {
    providerPollMinMs: MINUTE,
    providerPollMaxMs: 30 * MINUTE,
    providerReminderEveryMs: 2 * 24 * 60 * MINUTE,
    providerDeadlineMs: 14 * 24 * 60 * MINUTE,
    resourcePollMs: MINUTE,
    leasePollMs: 5 * MINUTE,
  },
};

describe('acquireCustomerLease', () => {
  it('takes a free lease at once and returns', async () => {
    const run = await OrchestrationDriver.start(acquireCustomerLeaseOrchestrator, input);
    await run.respond({ tryAcquireLease: () => ({ acquired: true }) });

    expect(run.trace).toEqual(['activity tryAcquireLease']);
    expect(run.inputsOf('tryAcquireLease')).toEqual([{ customerId: 'contoso', owner: 'req-r-2' }]);
    expect(run.output).toBe(true);
  });

  it('queued behind another request: says who holds it, sleeps one lease poll, and continues as new unchanged', async () => {
    const run = await OrchestrationDriver.start(acquireCustomerLeaseOrchestrator, input);
    await run.respond({ tryAcquireLease: () => ({ acquired: false, heldBy: 'req-r-1', since: at(-MINUTE) }) });

    expect(run.trace).toEqual(['activity tryAcquireLease', `timer ${at(5 * MINUTE)}`]);
    expect(run.waitingFor).toEqual([]);
    expect(run.customStatus).toEqual({ phase: 'queued', heldBy: 'req-r-1', since: at(-MINUTE) });
    await run.fireTimer();
    expect(run.status).toBe('continuedAsNew');
    expect(run.continuedWith).toEqual(input);
  });

  it('an attempt that crashes is retried after a durable retry timer', async () => {
    const run = await OrchestrationDriver.start(acquireCustomerLeaseOrchestrator, input);
    await run.fail('tryAcquireLease', 'the worker was lost');
    expect(run.scheduled).toEqual([`timer ${at(30_000)}`]);
    await run.fireTimer();
    await run.respond({ tryAcquireLease: () => ({ acquired: true }) });

    expect(run.trace).toEqual(['activity tryAcquireLease', `timer ${at(30_000)}`, 'activity tryAcquireLease']);
    expect(run.output).toBe(true);
  });
});
