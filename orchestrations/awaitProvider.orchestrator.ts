/**
 * Waits for the connectivity provider to provision one circuit: days, sometimes weeks.
 *
 * Each generation reads the provider state once, sends a reminder when one is due, then sleeps until the next poll
 * (1 minute growing ×2 to 30 minutes by default) unless `ProviderProvisioned` wakes it first, and continues as new.
 * So history holds one generation at a time, however long the wait: at most two reads (the second only after a
 * wake-up event), one reminder, one timer and one event (≤ 16 history events), and ARM reads over a wait of W stay under W / maxInterval + log2(max/min) + 2.
 * At the deadline (14 days by default) it escalates and returns; it never deletes the circuit (billing is running
 * and a person must decide).
 *
 * The same wait serves a teardown: with `awaiting: 'NotProvisioned'` it waits for the provider to deprovision the
 * circuit, woken by `ProviderDeprovisioned`, with deprovisioning reminders and escalation. Without `awaiting` it
 * schedules exactly what it always has (the recorded onboarding histories replay unchanged).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  Activities,
  ExternalEvents,
  type AwaitProviderInput,
  type AwaitProviderOutput,
  type NotifyProviderInput,
} from './contracts';
import { callActivity } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { orchestrationLogger } from './steps/log';
import { pollUntil } from './steps/poll';

/** What the wait's notices are called when it waits for deprovisioning. */
const DEPROVISION_NOTICES = {
  reminder: 'deprovision-reminder',
  escalation: 'deprovision-escalation',
} as const satisfies Record<'reminder' | 'escalation', NotifyProviderInput['kind']>;

export function* awaitProviderOrchestrator(
  context: OrchestrationContext,
): Generator<Task, AwaitProviderOutput | undefined, unknown> {
  const input = context.df.getInput<AwaitProviderInput>();
  const { timing } = input;
  const now = context.df.currentUtcDateTime.getTime();
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };
  const awaited = input.awaiting ?? 'Provisioned';
  const teardown = awaited === 'NotProvisioned';
  const log = orchestrationLogger(context, {
    requestId: input.requestId,
    customerId: input.customerId,
    step: input.stepKey,
    circuitId: input.circuitId,
  });

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
  const waitedMs = (): number => context.df.currentUtcDateTime.getTime() - startedAt;
  let remindersSent = progress.remindersSent;
  let nextReminderAt = Date.parse(progress.nextReminderAt);

  const notify = (kind: 'reminder' | 'escalation', sequence: number, detail: string) =>
    callActivity(context, Activities.notifyProvider, {
      ...step,
      leg: input.leg,
      ...(input.pair === undefined ? {} : { pair: input.pair }),
      circuitId: input.circuitId,
      serviceKey: input.serviceKey,
      kind: teardown ? DEPROVISION_NOTICES[kind] : kind,
      sequence,
      detail,
    });

  const result = yield* pollUntil(context, {
    check: () =>
      callActivity(context, Activities.readProviderState, {
        requestId: input.requestId,
        customerId: input.customerId,
        circuitId: input.circuitId,
        scope: input.scope,
      }),
    isDone: (state) => state.serviceProviderProvisioningState === awaited || state.requestEnded,
    deadlineAt: startedAt + timing.providerDeadlineMs,
    intervalMs: progress.pollIntervalMs,
    maxIntervalMs: timing.providerPollMaxMs,
    backoff: 2,
    wakeEvents: [
      teardown ? ExternalEvents.providerDeprovisioned : ExternalEvents.providerProvisioned,
      ExternalEvents.stopWaiting,
    ],
    maxChecks: 1,
    wakeNoLaterThan: () => nextReminderAt,
    onPending: function* (state) {
      context.df.setCustomStatus({
        phase: teardown ? 'tearing-down' : 'awaiting-provider',
        leg: input.leg,
        ...(input.pair === undefined ? {} : { pair: input.pair }),
        serviceProviderProvisioningState: state.serviceProviderProvisioningState,
        polls: progress.polls + 1,
        waitedMs: waitedMs(),
      });
      if (context.df.currentUtcDateTime.getTime() >= nextReminderAt) {
        remindersSent += 1;
        yield* notify(
          'reminder',
          remindersSent,
          teardown
            ? `reminder ${remindersSent}: circuit still waiting for deprovisioning`
            : `reminder ${remindersSent}: service key still waiting for provisioning`,
        );
        nextReminderAt += timing.providerReminderEveryMs;
      }
    },
  });
  const polls = progress.polls + result.checks;

  switch (result.status) {
    case 'done':
      if (result.value.serviceProviderProvisioningState !== awaited) {
        yield* recordCheckpoint(context, {
          ...step,
          status: 'Skipped',
          armIds: [input.circuitId],
          detail: `stopped waiting: the request failed at another step (provider state ${result.value.serviceProviderProvisioningState}); the circuit is kept and billed`,
        });
        return { outcome: 'stopped', polls, waitedMs: waitedMs() };
      }
      yield* recordCheckpoint(context, {
        ...step,
        status: 'Succeeded',
        armIds: [input.circuitId],
        detail: `${teardown ? 'deprovisioned' : 'provisioned'} after ${polls} polls`,
      });
      log.info(`the provider ${teardown ? 'deprovisioned' : 'provisioned'} the circuit after ${polls} polls`, {
        waitedMs: waitedMs(),
      });
      return { outcome: teardown ? 'deprovisioned' : 'provisioned', polls, waitedMs: waitedMs() };
    case 'deadline': {
      const detail = `the provider has not ${teardown ? 'deprovisioned' : 'provisioned'} the circuit after ${Math.round(waitedMs() / 3_600_000)} h (state ${result.value.serviceProviderProvisioningState}); the circuit is kept and billed until someone decides${teardown ? ' (nothing more is deleted)' : ''}`;
      log.warn(`escalated: ${detail}`, { waitedMs: waitedMs() });
      yield* notify('escalation', 0, detail);
      yield* recordCheckpoint(context, {
        ...step,
        status: 'Failed',
        armIds: [input.circuitId],
        error: { code: 'ProviderDeadlineExceeded', message: detail, retryable: false },
      });
      return { outcome: 'deadline-exceeded', polls, waitedMs: waitedMs() };
    }
    case 'continue':
      context.df.continueAsNew({
        ...input,
        progress: {
          startedAt: progress.startedAt,
          pollIntervalMs: result.intervalMs,
          polls,
          remindersSent,
          nextReminderAt: new Date(nextReminderAt).toISOString(),
        },
      } satisfies AwaitProviderInput);
      return undefined;
  }
}
