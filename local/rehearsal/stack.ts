/**
 * Everything a rehearsal runs on, in this process: Azurite's Table service in memory, the ARM simulator and the
 * Durable host simulator on one VirtualClock, and the Service Bus peer with the app's entities. The app is pointed
 * at them through `process.env` only (set before its first use), and its registrations (the triggers in
 * `functions/*.ts` and the workflows in `orchestrations/index.ts`) are captured as the Functions host would load them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LogHandler } from '@azure/functions';
import { resetAppComposition } from '../../shared/composition';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  EVENTS_TOPIC,
  ONBOARDING_REQUESTED,
  REQUEST_QUEUES,
} from '../../shared/messages';
import { startArmSimulator, type ArmSimulator, type FaultOptions, type ServiceProviderSpec } from '../arm';
import { createProviderDesk, type ProviderDesk } from '../arm/providerDesk';
import { startTableEmulator, type TableEmulator } from '../azurite/tableEmulator';
import { DEFAULT_CSP_CONTEXT, type LocalCspContext } from '../cli/defaults';
import { REPO_ROOT } from '../cli/paths';
import { VirtualClock } from '../clock';
import { DurableHostSimulator } from '../durable';
import { captureRegistrations } from '../functionsHost/captureRegistrations';
import type { FunctionRegistry } from '../functionsHost/functionRegistry';
import { DEFAULT_DUPLICATE_DETECTION_WINDOW_MS, startServiceBusPeer, type ServiceBusPeer } from '../servicebus';
import { applyEnvironment, standInEnvironment } from './environment';
import { ServiceBusTriggerHost } from './serviceBusTriggerHost';

/** Where refused requests are parked (the app's default `ERCSP_REJECTED_QUEUE`). */
export const REJECTED_QUEUE = 'er-rejected';
/** The subscriptions of the events topic: the connectivity provider's systems and the audit trail. */
export const EVENT_SUBSCRIPTIONS = ['provider', 'audit'] as const;
/** The connection app setting the app's Service Bus bindings name. */
export const SERVICE_BUS_CONNECTION_SETTING = 'ServiceBusConnection';
const TABLES_PREFIX = 'ercsp';
const TASK_HUB = 'rehearsal';
/** When the rehearsal's first request is delivered if no request states its `time` (the examples' morning). */
export const REHEARSAL_START = Date.UTC(2026, 2, 2, 9, 0, 0);
/** The ARM simulator's seed when none is given. */
export const DEFAULT_SEED = 1;

export interface RehearsalStackOptions {
  /** When the virtual clock starts (ms since the epoch); default `REHEARSAL_START`. */
  readonly startAt?: number;
  /** When the provider provisions a circuit after its creation, or never. */
  readonly providerProvisionAfterMs: number | 'never';
  /**
   * When the provider deprovisions a circuit after `provider.deprovision.requested`, or never (it acknowledges and
   * never finishes). Default: the simulator's (1 day).
   */
  readonly providerDeprovisionAfterMs?: number | 'never';
  /** Faults the ARM simulator injects once the customers' networks are seeded. */
  readonly faults?: FaultOptions;
  /** Seed of the ARM simulator's random choices (faults, GUIDs). */
  readonly seed?: number;
  /** The simulator's `expressRouteServiceProviders` catalogue (default: its own sample). */
  readonly serviceProviders?: readonly ServiceProviderSpec[];
  /** More app settings (provider deadline, secrets…). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the app's logs go (activities and triggers). Default: dropped. */
  readonly logHandler?: LogHandler;
  /** The CSP the app acts for (ERCSP_CSP_*); default: the built-in sample of examples/. */
  readonly csp?: LocalCspContext;
  /**
   * How the Durable host simulator is driven. `rehearsal` (default): work runs when the rehearsal asks, one item at a
   * time, and the clock jumps to the next timer when idle. `host` (`ercsp serve`): work runs as it arrives, like a
   * running Functions host, on a clock that someone else moves.
   */
  readonly durableMode?: 'rehearsal' | 'host';
}

export interface RehearsalStack {
  readonly clock: VirtualClock;
  readonly arm: ArmSimulator;
  readonly peer: ServiceBusPeer;
  readonly tables: TableEmulator;
  readonly durable: DurableHostSimulator;
  readonly registry: FunctionRegistry;
  readonly triggers: ServiceBusTriggerHost;
  /** Every app setting the rehearsal set. */
  readonly settings: Readonly<Record<string, string>>;
  /** Injects the configured faults (call once the world is seeded, so that seeding is never faulted). */
  startFaults(): void;
  /** Stops everything and puts `process.env` back. */
  stop(): Promise<void>;
}

export class RehearsalStackError extends Error {
  override readonly name = 'RehearsalStackError';
}

let registrations: Promise<FunctionRegistry> | undefined;
let started = false;

/** The app's entry modules, as the Functions host loads them (`main`: orchestrations/index and functions/*). */
export function appEntryModules(root: string = REPO_ROOT): string[] {
  const functionsDir = join(root, 'functions');
  let functionFiles: string[] = [];
  try {
    functionFiles = readdirSync(functionsDir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
      .sort()
      .map((file) => join(functionsDir, file));
  } catch {
    // No functions folder: workflows only.
  }
  return [join(root, 'orchestrations', 'index.ts'), ...functionFiles];
}

/** Captures the app's registrations once per process (a module registers only the first time it is loaded). */
export function captureAppRegistrations(): Promise<FunctionRegistry> {
  registrations ??= captureRegistrations(() => {
    for (const file of appEntryModules()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads the app's entry modules by path, inside the capture
      require(file);
    }
  });
  return registrations;
}

export async function startRehearsalStack(options: RehearsalStackOptions): Promise<RehearsalStack> {
  // The app's activity handlers keep the dependencies of the composition they first used: one rehearsal per process.
  if (started) throw new RehearsalStackError('a rehearsal has already run in this process; start a new process');
  started = true;

  const clock = new VirtualClock(options.startAt ?? REHEARSAL_START);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const tables = await startTableEmulator();
    stops.push(() => tables.stop());
    const arm = await startArmSimulator({
      clock,
      seed: options.seed ?? DEFAULT_SEED,
      provider: {
        provisionAfterMs: options.providerProvisionAfterMs,
        ...(typeof options.providerDeprovisionAfterMs === 'number'
          ? { deprovisionAfterMs: options.providerDeprovisionAfterMs }
          : {}),
      },
      ...(options.serviceProviders === undefined ? {} : { serviceProviders: options.serviceProviders }),
    });
    stops.push(() => arm.stop());
    const peer = await startServiceBusPeer({
      queues: [...Object.values(REQUEST_QUEUES), REJECTED_QUEUE],
      topics: [{ name: EVENTS_TOPIC, subscriptions: [...EVENT_SUBSCRIPTIONS] }],
      duplicateDetectionWindowMs: DEFAULT_DUPLICATE_DETECTION_WINDOW_MS,
    });
    stops.push(() => peer.stop());

    const settings: Record<string, string> = {
      ...standInEnvironment({
        cspTenantId: (options.csp ?? DEFAULT_CSP_CONTEXT).cspTenantId,
        cspSubscriptionIds: (options.csp ?? DEFAULT_CSP_CONTEXT).cspSubscriptionIds,
        arm: { endpoint: arm.endpoint, caFile: arm.caFile },
        tables: { connectionString: tables.connectionString, prefix: TABLES_PREFIX },
        serviceBusConnection: peer.connectionString,
      }),
      ...appEntitySettings(),
      [SERVICE_BUS_CONNECTION_SETTING]: peer.connectionString,
      AzureWebJobsStorage: tables.connectionString,
      ...options.settings,
    };
    stops.push(applyEnvironment(settings));
    await resetAppComposition();
    stops.push(() => resetAppComposition());

    const registry = await captureAppRegistrations();
    const durable = new DurableHostSimulator({
      registry,
      clock,
      tables: { connectionString: tables.connectionString, taskHub: TASK_HUB },
      autoAdvance: options.durableMode !== 'host',
      processInBackground: options.durableMode === 'host',
      // One activity and one episode at a time: ARM calls then reach the simulator in one order, so the seeded fault
      // draws, the virtual clock's moves and every count are the same run after run (four at once raced each other).
      activityConcurrency: 1,
      orchestrationConcurrency: 1,
      ...(options.logHandler === undefined ? {} : { logHandler: options.logHandler }),
    });
    await durable.start();
    stops.push(() => durable.stop());
    watchProviderRequests(
      durable,
      peer,
      createProviderDesk(arm.control, options.providerDeprovisionAfterMs === 'never' ? 'never' : 'deprovision'),
    );
    await durable.listenHttp();
    const triggers = new ServiceBusTriggerHost({
      registry,
      createContext: (registration, invocation) => durable.createInvocationContext(registration, invocation),
      ...(options.logHandler === undefined ? {} : { logHandler: options.logHandler }),
      clientOptions: { retryOptions: { maxRetries: 1, retryDelayInMs: 100, timeoutInMs: 10_000 } },
    });
    stops.push(() => triggers.close());

    return {
      clock,
      arm,
      peer,
      tables,
      durable,
      registry,
      triggers,
      settings,
      startFaults: () => {
        arm.control.setFaults(options.faults);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The provider's systems read the `er-events` topic: after every activity, the desk gets the events published since
 * (a deprovision request is acted on at once, in simulated time, as a provider's system would pick it up).
 */
function watchProviderRequests(durable: DurableHostSimulator, peer: ServiceBusPeer, desk: ProviderDesk): void {
  let lastSequence = 0;
  durable.onEvent((event) => {
    if (event.type !== 'activityCompleted') return;
    for (const message of peer.messages(EVENTS_TOPIC)) {
      if (message.sequenceNumber <= lastSequence) continue;
      lastSequence = message.sequenceNumber;
      const body = message.body;
      if (typeof body !== 'object' || body === null) continue;
      const { id, type, subject, time, data } = body as Record<string, unknown>;
      if (typeof type !== 'string' || typeof data !== 'object' || data === null) continue;
      desk.receive({
        id: String(id),
        type,
        subject: String(subject),
        time: String(time),
        data: data as Record<string, unknown>,
      });
    }
  });
}

/** The entity names the app's bindings read from app settings (`%ERCSP_ONBOARDING_QUEUE%`…), at their defaults. */
function appEntitySettings(): Record<string, string> {
  return {
    ERCSP_ONBOARDING_QUEUE: REQUEST_QUEUES[ONBOARDING_REQUESTED],
    ERCSP_BANDWIDTH_QUEUE: REQUEST_QUEUES[BANDWIDTH_CHANGE_REQUESTED],
    ERCSP_DECOMMISSION_QUEUE: REQUEST_QUEUES[DECOMMISSION_REQUESTED],
    ERCSP_REJECTED_QUEUE: REJECTED_QUEUE,
    ERCSP_EVENTS_TOPIC: EVENTS_TOPIC,
  };
}
