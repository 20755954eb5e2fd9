/**
 * Runs the app's triggers as the Functions host would: the real registrations of `functions/*.ts` (captured) and of
 * the workflows (`orchestrations/register.ts`), one `appComposition()` built from the environment, the Durable host
 * simulator serving the extension's client HTTP API (so each trigger's own `df.getClient(context)` works), the ARM
 * simulator and Azurite, all on one virtual clock. Service Bus handlers get what the default binding hands over (the
 * parsed JSON body, or the text when it is not JSON) and the trigger metadata; HTTP handlers get real `HttpRequest`s.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HttpRequest } from '@azure/functions';
import type { HttpResponse, InvocationContext, Timer, TriggerMetadata } from '@azure/functions';
import { VirtualClock } from '../../local/clock';
import { DurableHostSimulator, type RunOptions } from '../../local/durable';
import { asHttpResponse, captureRegistrations, type FunctionRegistry } from '../../local/functionsHost';
import type { ArmSimulatorOptions } from '../../local/arm';
import { applyEnvironment, standInEnvironment } from '../../local/rehearsal/environment';
import { registerWorkflows } from '../../orchestrations/register';
import { REQUEST_QUEUE_FUNCTIONS, type RequestQueue } from '../../functions/support/requestQueueTrigger';
import { appComposition, resetAppComposition } from '../../shared/composition';
import type { ParkedRequest } from '../../shared/services/requestMessages';
import { startTestArmSimulator, type TestArmSimulator } from './armSimulator';
import { CSP_TENANT_ID, type OnboardingHarness } from './onboardingHarness';
import { CSP_SUBSCRIPTION_ID } from './specs';
import './onboardingScenarios'; // the fixtures' secret references resolve from the environment

export const APP_ORIGIN = 'http://localhost:7071';
const FUNCTIONS_DIR = join(__dirname, '../../functions');
const TRIGGER_FILE = /\.(http|serviceBus|timer)\.ts$/;

export interface Delivery {
  /** What the trigger wrote to the rejected-requests queue, if it parked the message. */
  readonly parked: ParkedRequest | undefined;
  readonly context: InvocationContext;
}

export interface HttpCall {
  readonly method: string;
  /** After `/api/`, e.g. `requests/req-1`. */
  readonly path: string;
  readonly params?: Record<string, string>;
  /** A value is sent as JSON text; a string as is. */
  readonly body?: unknown;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
}

export interface FunctionsHarness extends OnboardingHarness {
  /** The app's trigger registrations (HTTP, Service Bus), as the host would receive them. */
  readonly triggers: FunctionRegistry;
  /** Delivers one message to a request queue's trigger; `body` as the binding hands it over. */
  deliver(queue: RequestQueue, body: unknown, metadata?: TriggerMetadata): Promise<Delivery>;
  /** Calls an HTTP trigger by function name with a real HttpRequest. */
  http(functionName: string, call: HttpCall): Promise<HttpResponse>;
  /** Fires a timer trigger by function name now (on the virtual clock), as the host does at a schedule occurrence. */
  fireTimer(functionName: string): Promise<void>;
}

/** A timer trigger and how often it fires on the virtual clock (at each multiple of `everyMs` since the epoch). */
export interface TimerSchedule {
  readonly functionName: string;
  readonly everyMs: number;
}

/**
 * Runs the Durable host simulator and fires the given timers at their occurrences on the virtual clock, as the
 * Functions host would, until `until` holds after a step or `maxVirtualMs` has passed. Between two occurrences the
 * workflows run (and move the clock to their own timers) as in `runUntilIdle`; the clock then moves to the
 * occurrence, the due timers fire, and the next step begins. Returns the virtual time when it stopped.
 */
export async function runWithTimers(
  harness: FunctionsHarness,
  options: {
    readonly timers: readonly TimerSchedule[];
    readonly maxVirtualMs: number;
    readonly until?: () => Promise<boolean> | boolean;
    /** Stops the workflows exactly when an instance reaches a state this accepts (as `runUntilIdle`'s `until`). */
    readonly stopWhen?: RunOptions['until'];
  },
): Promise<number> {
  const step = Math.min(...options.timers.map((timer) => timer.everyMs));
  const endAt = harness.clock.now() + options.maxVirtualMs;
  for (;;) {
    const now = harness.clock.now();
    const next = Math.min(endAt, (Math.floor(now / step) + 1) * step);
    const run = await harness.durable.runUntilIdle({
      maxVirtualMs: next - now,
      ...(options.stopWhen === undefined ? {} : { until: options.stopWhen }),
    });
    if (run.reason === 'until') return harness.clock.now();
    harness.clock.advanceTo(next);
    if (next >= endAt) return next;
    for (const timer of options.timers) {
      if (next % timer.everyMs === 0) await harness.fireTimer(timer.functionName);
    }
    if (options.until !== undefined && (await options.until())) return harness.clock.now();
  }
}

/** What the default Service Bus binding hands a Node handler: the parsed JSON, or the text when it is not JSON. */
export function asBindingBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

let triggerRegistry: Promise<FunctionRegistry> | undefined;

/**
 * The triggers register when their module is first loaded, so they are captured once per test file. Their handlers
 * resolve `appComposition()` at each call, so one capture serves every harness of the file.
 */
export function captureTriggers(): Promise<FunctionRegistry> {
  triggerRegistry ??= captureRegistrations(() => {
    for (const file of readdirSync(FUNCTIONS_DIR)
      .filter((name) => TRIGGER_FILE.test(name))
      .sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads each trigger module by path; it must first load inside the capture
      require(join(FUNCTIONS_DIR, file));
    }
  });
  return triggerRegistry;
}

export async function startFunctionsHarness(options: { arm?: ArmSimulatorOptions } = {}): Promise<FunctionsHarness> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 2, 8, 0, 0));
  const arm = await startTestArmSimulator({ ...options.arm, clock });
  try {
    return await startOnArm(clock, arm);
  } catch (error) {
    await arm.stop();
    throw error;
  }
}

async function startOnArm(clock: VirtualClock, arm: TestArmSimulator): Promise<FunctionsHarness> {
  const tablesConnection = process.env.ERCSP_TEST_TABLES_CONNECTION ?? '';
  const hub = `f${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const restoreEnvironment = applyEnvironment(
    standInEnvironment({
      cspTenantId: CSP_TENANT_ID,
      cspSubscriptionIds: [CSP_SUBSCRIPTION_ID],
      arm,
      tables: { connectionString: tablesConnection, prefix: hub },
    }),
  );
  await resetAppComposition();
  const composition = appComposition();
  const triggers = await captureTriggers();
  const workflows = await captureRegistrations(() => {
    registerWorkflows(() => appComposition().activities);
  });
  const logs: string[] = [];
  const newSimulator = async () => {
    const simulator = new DurableHostSimulator({
      registry: workflows,
      clock,
      tables: { connectionString: tablesConnection, taskHub: hub },
      autoAdvance: true,
      logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    });
    await simulator.start();
    await simulator.listenHttp();
    return simulator;
  };
  let durable = await newSimulator();
  const logHandler = (_level: string, ...args: unknown[]) => logs.push(args.map(String).join(' '));

  return {
    clock,
    arm,
    composition,
    triggers,
    timing: composition.config.timing,
    logs,
    get durable() {
      return durable;
    },
    restartDurable: async () => {
      await durable.stop();
      durable = await newSimulator();
      return durable;
    },
    deliver: async (queue, body, metadata = {}) => {
      const registration = triggers.get(REQUEST_QUEUE_FUNCTIONS[queue], 'serviceBusQueue');
      const context = durable.createInvocationContext(registration, {
        triggerMetadata: {
          messageId: randomUUID(),
          deliveryCount: 1,
          enqueuedTimeUtc: new Date(clock.now()).toISOString(),
          ...metadata,
        },
        logHandler,
      });
      await registration.handler(body, context);
      const [rejectedQueue] = registration.extraOutputs;
      const parked = rejectedQueue === undefined ? undefined : context.extraOutputs.get(rejectedQueue);
      return { parked: parked as ParkedRequest | undefined, context };
    },
    http: async (functionName, call) => {
      const registration = triggers.get(functionName, 'http');
      const text = call.body === undefined || typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      const request = new HttpRequest({
        method: call.method,
        url: `${APP_ORIGIN}/api/${call.path}?code=function-key-value`,
        ...(call.params === undefined ? {} : { params: call.params }),
        ...(text === undefined ? {} : { body: { string: text } }),
        headers: text === undefined ? {} : { 'content-type': call.contentType ?? 'application/json' },
      });
      return asHttpResponse(
        await registration.handler(request, durable.createInvocationContext(registration, { logHandler })),
      );
    },
    fireTimer: async (functionName) => {
      const registration = triggers.get(functionName, 'timer');
      const at = new Date(clock.now()).toISOString();
      const timer: Timer = {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: at, next: at, lastUpdated: at },
      };
      await registration.handler(timer, durable.createInvocationContext(registration, { logHandler }));
    },
    stop: async () => {
      await durable.stop();
      await resetAppComposition();
      restoreEnvironment();
      await arm.stop();
    },
  };
}

/** Starts a harness before the tests of the enclosing `describe` and stops it after them; call the result to get it. */
export function useFunctionsHarness(options: { arm?: ArmSimulatorOptions } = {}): () => FunctionsHarness {
  let harness: FunctionsHarness | undefined;
  beforeAll(async () => {
    harness = await startFunctionsHarness(options);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  return () => {
    if (harness === undefined) throw new Error('The functions harness has not started (or failed to start).');
    return harness;
  };
}
