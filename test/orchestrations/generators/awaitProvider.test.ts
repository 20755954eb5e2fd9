/**
 * awaitProvider, branch by branch, through durable-functions' own executor (test/support/generatorDriver.ts): the
 * exact actions each branch schedules, what it hands the next generation, and what it returns. No Azurite, no ARM.
 */
import type { AwaitProviderInput } from '../../../orchestrations/contracts';
import { awaitProviderOrchestrator } from '../../../orchestrations/awaitProvider.orchestrator';
import { DRIVER_START, OrchestrationDriver } from '../../support/generatorDriver';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = DRIVER_START.getTime();
const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

const CIRCUIT_ID =
  '/subscriptions/5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/er-contoso-a';

function waitInput(progress?: AwaitProviderInput['progress']): AwaitProviderInput {
  return {
    requestId: 'r-1',
    customerId: 'contoso',
    stepKey: 'await-provider:a',
    leg: 'a',
    circuitId: CIRCUIT_ID,
    scope: {
      tenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
      subscriptionId: '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b',
      resourceGroup: 'rg-er-contoso',
    },
    serviceKey: 'f8c18450-48df-4518-ba6b-89108adc0335',
    timing: {
      providerPollMinMs: MINUTE,
      providerPollMaxMs: 30 * MINUTE,
      providerReminderEveryMs: 2 * DAY,
      providerDeadlineMs: 14 * DAY,
      resourcePollMs: MINUTE,
      leasePollMs: 5 * MINUTE,
    },
    ...(progress === undefined ? {} : { progress }),
  };
}

/** A wait that began `waitedMs` ago, polled `polls` times, with the next reminder due at `reminderAt` (offset). */
function inProgress(
  waitedMs: number,
  reminderAt: number,
  remindersSent = 0,
  polls = 40,
): AwaitProviderInput['progress'] {
  return {
    startedAt: at(-waitedMs),
    pollIntervalMs: 30 * MINUTE,
    polls,
    remindersSent,
    nextReminderAt: at(reminderAt),
  };
}

const state =
  (serviceProviderProvisioningState: string, requestEnded = false) =>
  () => ({
    serviceProviderProvisioningState,
    circuitProvisioningState: 'Succeeded',
    requestEnded,
  });
const done = () => null;

describe('awaitProvider', () => {
  it('provisioned at the first poll: checkpoint Waiting, one read, checkpoint Succeeded, and returns', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput());
    await run.respond({ recordCheckpoint: done, readProviderState: state('Provisioned') });

    expect(run.trace).toEqual(['activity recordCheckpoint', 'activity readProviderState', 'activity recordCheckpoint']);
    expect(run.inputsOf('recordCheckpoint')).toMatchObject([
      { stepKey: 'await-provider:a', status: 'Waiting', armIds: [CIRCUIT_ID] },
      { stepKey: 'await-provider:a', status: 'Succeeded', detail: 'provisioned after 1 polls' },
    ]);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ outcome: 'provisioned', polls: 1, waitedMs: 0 });
  });

  it('not provisioned: sleeps until the next poll unless woken, then continues as new with the interval doubled', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput());
    await run.respond({ recordCheckpoint: done, readProviderState: state('NotProvisioned') });

    expect(run.trace).toEqual(['activity recordCheckpoint', 'activity readProviderState', `timer ${at(1 * MINUTE)}`]);
    expect(run.waitingFor).toEqual(['ProviderProvisioned', 'StopWaiting']);
    await run.fireTimer();
    expect(run.trace).toHaveLength(3);
    expect(run.status).toBe('continuedAsNew');
    expect(run.continuedWith).toEqual({
      ...waitInput(),
      progress: {
        startedAt: at(0),
        pollIntervalMs: 2 * MINUTE,
        polls: 1,
        remindersSent: 0,
        nextReminderAt: at(2 * DAY),
      },
    });
  });

  it('sends the reminder that is due before sleeping, and carries the next reminder over', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput(inProgress(2 * DAY, 0, 0)));
    await run.respond({ readProviderState: state('NotProvisioned'), notifyProvider: done });

    expect(run.trace).toEqual(['activity readProviderState', 'activity notifyProvider', `timer ${at(30 * MINUTE)}`]);
    expect(run.inputsOf('notifyProvider')).toMatchObject([
      { kind: 'reminder', sequence: 1, leg: 'a', circuitId: CIRCUIT_ID },
    ]);
    await run.fireTimer();
    expect(run.continuedWith).toMatchObject({
      progress: { polls: 41, remindersSent: 1, nextReminderAt: at(2 * DAY), pollIntervalMs: 30 * MINUTE },
    });
  });

  it('wakes for the reminder rather than oversleeping it', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput(inProgress(1 * DAY, 10 * MINUTE)));
    await run.respond({ readProviderState: state('NotProvisioned') });
    expect(run.trace).toEqual(['activity readProviderState', `timer ${at(10 * MINUTE)}`]);
  });

  it('at the deadline: escalates, records the failure, returns, and deletes nothing', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput(inProgress(14 * DAY, 1 * DAY, 7)));
    await run.respond({ readProviderState: state('NotProvisioned'), notifyProvider: done, recordCheckpoint: done });

    // The exact list: no timer, no other call (nothing that could delete or change the billed circuit).
    expect(run.trace).toEqual(['activity readProviderState', 'activity notifyProvider', 'activity recordCheckpoint']);
    expect(run.inputsOf('notifyProvider')).toMatchObject([{ kind: 'escalation', sequence: 0 }]);
    expect(run.inputsOf('recordCheckpoint')).toMatchObject([
      { status: 'Failed', error: { code: 'ProviderDeadlineExceeded', retryable: false } },
    ]);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ outcome: 'deadline-exceeded', polls: 41, waitedMs: 14 * DAY });
  });

  it('ProviderProvisioned ends the sleep at once: the timer is cancelled, the state read again, and the wait ends', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput());
    await run.respond({ recordCheckpoint: done, readProviderState: state('NotProvisioned') });
    await run.raiseEvent('ProviderProvisioned', {}, 20_000);

    expect(run.scheduled).toEqual(['activity readProviderState']);
    expect(run.pending()).toEqual(['activity readProviderState']); // the timer no longer holds the instance
    await run.respond({ readProviderState: state('Provisioned'), recordCheckpoint: done });
    expect(run.trace).toEqual([
      'activity recordCheckpoint',
      'activity readProviderState',
      `timer ${at(1 * MINUTE)}`,
      'activity readProviderState',
      'activity recordCheckpoint',
    ]);
    expect(run.output).toEqual({ outcome: 'provisioned', polls: 2, waitedMs: 20_000 });
  });

  it('a spurious wake-up reads once more and continues as new without a tighter interval', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput());
    await run.respond({ recordCheckpoint: done, readProviderState: state('NotProvisioned') });
    await run.raiseEvent('ProviderProvisioned', {}, 20_000);
    await run.respond({ readProviderState: state('NotProvisioned') });

    expect(run.trace).toEqual([
      'activity recordCheckpoint',
      'activity readProviderState',
      `timer ${at(1 * MINUTE)}`,
      'activity readProviderState',
    ]);
    expect(run.status).toBe('continuedAsNew');
    expect(run.continuedWith).toMatchObject({ progress: { polls: 2, pollIntervalMs: 1 * MINUTE } });
  });

  it('StopWaiting (another branch failed): reads at once, sees the request ended, records Skipped and stops', async () => {
    const run = await OrchestrationDriver.start(awaitProviderOrchestrator, waitInput());
    await run.respond({ recordCheckpoint: done, readProviderState: state('NotProvisioned') });
    await run.raiseEvent('StopWaiting', { reason: 'request-ended' }, 5_000);
    await run.respond({ readProviderState: state('NotProvisioned', true), recordCheckpoint: done });

    expect(run.trace).toEqual([
      'activity recordCheckpoint',
      'activity readProviderState',
      `timer ${at(1 * MINUTE)}`,
      'activity readProviderState',
      'activity recordCheckpoint',
    ]);
    expect(run.inputsOf('recordCheckpoint')[1]).toMatchObject({ status: 'Skipped', armIds: [CIRCUIT_ID] });
    expect(run.output).toEqual({ outcome: 'stopped', polls: 2, waitedMs: 5_000 });
  });
});
