/**
 * Waits for the connectivity provider to provision one circuit: days, sometimes weeks.
 *
 * Each generation reads the provider state once, sends a reminder when one is due, then sleeps until the next poll
 * (1 minute growing ×2 to 30 minutes by default) unless `ProviderProvisioned` wakes it first, and continues as new.
 * So history holds one generation at a time, however long the wait: at most two reads (the second only after a
 * wake-up event), one reminder, one timer and one event (≤ 16 history events), and ARM reads over a wait of W stay under W / maxInterval + log2(max/min) + 2.
 * At the deadline (14 days by default) it escalates and returns; it never deletes the circuit (billing is running
 * and a person must decide).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  Activities,
  ExternalEvents,
  type AwaitProviderInput,
  type AwaitProviderOutput,
  type NotifyProviderInput,
  type ReadProviderStateOutput,
} from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { transientRetry } from './steps/retry';
import { timerOrEvent } from './steps/timerOrEvent';

export function* awaitProviderOrchestrator(
  context: OrchestrationContext,
): Generator<Task, AwaitProviderOutput | undefined, unknown> {
  const input = context.df.getInput<AwaitProviderInput>();
  const { timing } = input;
  const now = context.df.currentUtcDateTime.getTime();
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };

  const progress = input.progress ?? {
    startedAt: new Date(now).toISOString(),
    pollIntervalMs: timing.providerPollMinMs,
    polls: 0,
    remindersSent: 0,
    nextReminderAt: new Date(now + timing.providerReminderEveryMs).toISOString(),
  };
  if (input.progress === undefined) {
    yield* recordCheckpoint(context, {
      ...step,
      status: 'Waiting',
      armIds: [input.circuitId],
      detail: 'waiting for the provider',
    });
  }
  const startedAt = Date.parse(progress.startedAt);
  const waitedMs = now - startedAt;
  const polls = progress.polls + 1;

  const readState = function* (): Generator<Task, ReadProviderStateOutput, unknown> {
    return (yield context.df.callActivityWithRetry(Activities.readProviderState, transientRetry(), {
      circuitId: input.circuitId,
      scope: input.scope,
    })) as ReadProviderStateOutput;
  };
  const provisioned = function* (polled: number): Generator<Task, AwaitProviderOutput, unknown> {
    yield* recordCheckpoint(context, {
      ...step,
      status: 'Succeeded',
      armIds: [input.circuitId],
      detail: `provisioned after ${polled} polls`,
    });
    return { outcome: 'provisioned', polls: polled, waitedMs: context.df.currentUtcDateTime.getTime() - startedAt };
  };

  const state = yield* readState();
  context.df.setCustomStatus({
    phase: 'awaiting-provider',
    leg: input.leg,
    serviceProviderProvisioningState: state.serviceProviderProvisioningState,
    polls,
    waitedMs,
  });
  if (state.serviceProviderProvisioningState === 'Provisioned') return yield* provisioned(polls);

  const notify = (kind: NotifyProviderInput['kind'], sequence: number, detail: string): Task =>
    context.df.callActivityWithRetry(Activities.notifyProvider, transientRetry(), {
      ...step,
      leg: input.leg,
      circuitId: input.circuitId,
      serviceKey: input.serviceKey,
      kind,
      sequence,
      detail,
    } satisfies NotifyProviderInput);

  const deadlineAt = startedAt + timing.providerDeadlineMs;
  if (now >= deadlineAt) {
    const detail = `the provider has not provisioned the circuit after ${Math.round(waitedMs / 3_600_000)} h (state ${state.serviceProviderProvisioningState}); the circuit is kept and billed until someone decides`;
    yield notify('escalation', 0, detail);
    yield* recordCheckpoint(context, {
      ...step,
      status: 'Failed',
      armIds: [input.circuitId],
      error: { code: 'ProviderDeadlineExceeded', message: detail, retryable: false },
    });
    return { outcome: 'deadline-exceeded', polls, waitedMs };
  }

  let remindersSent = progress.remindersSent;
  let nextReminderAt = Date.parse(progress.nextReminderAt);
  if (now >= nextReminderAt) {
    remindersSent += 1;
    yield notify('reminder', remindersSent, `reminder ${remindersSent}: service key still waiting for provisioning`);
    nextReminderAt += timing.providerReminderEveryMs;
  }

  const wakeAt = Math.min(now + progress.pollIntervalMs, deadlineAt, nextReminderAt);
  const race = yield* timerOrEvent(context, new Date(wakeAt), ExternalEvents.providerProvisioned);
  let pollsSoFar = polls;
  if (race.fired === 'event') {
    // Check at once. This also puts an episode boundary between the event and continueAsNew: an event consumed in
    // the continueAsNew episode is carried into the next generation (durable-extension#2606), and a spurious wake-up
    // would then repeat forever without ever sleeping.
    pollsSoFar += 1;
    const woken = yield* readState();
    if (woken.serviceProviderProvisioningState === 'Provisioned') return yield* provisioned(pollsSoFar);
  }
  const pollIntervalMs =
    race.fired === 'event' ? progress.pollIntervalMs : Math.min(progress.pollIntervalMs * 2, timing.providerPollMaxMs);

  context.df.continueAsNew({
    ...input,
    progress: {
      startedAt: progress.startedAt,
      pollIntervalMs,
      polls: pollsSoFar,
      remindersSent,
      nextReminderAt: new Date(nextReminderAt).toISOString(),
    },
  } satisfies AwaitProviderInput);
  return undefined;
}
