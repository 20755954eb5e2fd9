/**
 * What a request's workflow is waiting for, read from the custom statuses of the instances of its workflow tree that
 * are still running: the connectivity provider (per leg, with the state Azure last showed), a long-running ARM
 * operation (a gateway build, a connection), or the customer lease another request holds. For the live display.
 */
export interface RunningInstance {
  readonly runtimeStatus: string;
  readonly customStatus: unknown;
}

const RUNNING: ReadonlySet<string> = new Set(['Running', 'Pending', 'ContinuedAsNew']);
const SHOWN = 3;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function legOf(status: Record<string, unknown>): string {
  const leg = text(status.leg) ?? '?';
  const pair = text(status.pair);
  return pair === undefined ? `leg ${leg}` : `leg ${leg} of pair ${pair}`;
}

/**
 * One instance's wait, or undefined when it is not waiting on anything outside the workflow. A provider wait names
 * its leg: the request's own phase (`awaiting-provider`, no leg) is already on the line and is not repeated.
 */
export function waitOf(instance: RunningInstance): string | undefined {
  if (!RUNNING.has(instance.runtimeStatus)) return undefined;
  const status = record(instance.customStatus);
  const providerState = text(status.serviceProviderProvisioningState);
  const ofLeg = () => `${legOf(status)}${providerState === undefined ? '' : `: ${providerState}`}`;
  switch (status.phase) {
    case 'awaiting-provider':
      return text(status.leg) === undefined ? undefined : `the provider (${ofLeg()})`;
    case 'tearing-down':
      return text(status.leg) === undefined ? undefined : `the provider to deprovision (${ofLeg()})`;
    case 'queued':
      return `the customer lease${text(status.heldBy) === undefined ? '' : ` (held by ${String(status.heldBy)})`}`;
    default: {
      const step = text(status.stepKey);
      const state = text(status.provisioningState);
      const prerequisite = text(status.waitingFor);
      if (step !== undefined && prerequisite !== undefined) return `${prerequisite} (before ${step})`;
      return step === undefined || state === undefined ? undefined : `Azure (${step}: ${state})`;
    }
  }
}

/** The distinct waits of a workflow tree, at most three named: `the provider (leg a: NotProvisioned), +2 more`. */
export function describeWaits(instances: readonly RunningInstance[]): string | undefined {
  const all = [...new Set(instances.flatMap((instance) => waitOf(instance) ?? []))];
  // A leg's wait is reported by its leg and by the provider wait under it; keep the one with Azure's state.
  const waits = all
    .filter(
      (wait) =>
        !(wait.endsWith(')') && all.some((other) => other !== wait && other.startsWith(`${wait.slice(0, -1)}: `))),
    )
    .sort();
  if (waits.length === 0) return undefined;
  const shown = waits.slice(0, SHOWN).join(', ');
  return waits.length > SHOWN ? `${shown}, +${waits.length - SHOWN} more` : shown;
}

/** The simulated clock as a display shows it: `2026-03-02 11:40 UTC`. */
export function formatSimulatedTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
