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
import type { HttpResponse, InvocationContext, TriggerMetadata } from '@azure/functions';
import { VirtualClock } from '../../local/clock';
import { DurableHostSimulator } from '../../local/durable';
import { TimerTriggerHost } from '../../local/functionsHost/timerTriggerHost';
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
  /** The timer triggers the harness fires on their schedules (`timers` of its options), and how often each fired. */
  readonly timers: TimerTriggerHost | undefined;
}

export interface FunctionsHarnessOptions {
  readonly arm?: ArmSimulatorOptions;
  /**
   * Timer functions to fire on their schedules (from the app settings), on the virtual clock, as the host would:
   * while workflows wait on durable timers, the clock stops at each occurrence.
   */
  readonly timers?: readonly string[];
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

export async function startFunctionsHarness(options: FunctionsHarnessOptions = {}): Promise<FunctionsHarness> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 2, 8, 0, 0));
  const arm = await startTestArmSimulator({ ...options.arm, clock });
  try {
    return await startOnArm(clock, arm, options.timers ?? []);
  } catch (error) {
    await arm.stop();
    throw error;
  }
}

async function startOnArm(
  clock: VirtualClock,
  arm: TestArmSimulator,
  timerNames: readonly string[],
): Promise<FunctionsHarness> {
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
  const logHandler = (_level: string, ...args: unknown[]) => logs.push(args.map(String).join(' '));
  const timers: TimerTriggerHost | undefined =
    timerNames.length === 0
      ? undefined
      : new TimerTriggerHost({
          registry: triggers,
          functionNames: timerNames,
          createContext: (registration): InvocationContext =>
            durable.createInvocationContext(registration, { logHandler }),
          now: () => clock.now(),
          logHandler,
        });
  const newSimulator = async (): Promise<DurableHostSimulator> => {
    const simulator = new DurableHostSimulator({
      registry: workflows,
      clock,
      tables: { connectionString: tablesConnection, taskHub: hub },
      autoAdvance: true,
      logHandler,
      ...(timers === undefined ? {} : { clockEvents: timers }),
    });
    await simulator.start();
    await simulator.listenHttp();
    return simulator;
  };
  let durable = await newSimulator();

  return {
    clock,
    arm,
    composition,
    triggers,
    timers,
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
    stop: async () => {
      await durable.stop();
      await resetAppComposition();
      restoreEnvironment();
      await arm.stop();
    },
  };
}

/** Starts a harness before the tests of the enclosing `describe` and stops it after them; call the result to get it. */
export function useFunctionsHarness(options: FunctionsHarnessOptions = {}): () => FunctionsHarness {
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
