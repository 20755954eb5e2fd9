/**
 * Calls the app's real HTTP triggers the way the Functions host would: the registration captured from the trigger's
 * own module, a real `HttpRequest` from @azure/functions (with its query string), an invocation context built from
 * the registration, and the handler's result turned into an `HttpResponse`. `pointAppAt` makes the app's lazily built
 * composition (`appComposition()`) use the same ARM simulator and Azurite tables as an onboarding harness, through
 * the environment only, as in production.
 */
import { HttpRequest } from '@azure/functions';
import { asHttpResponse, captureRegistrations, invokeFunction } from '../../local/functionsHost';
import type { RegisteredFunction } from '../../local/functionsHost';
import { resetAppComposition } from '../../shared/composition';
import { CSP_TENANT_ID, type OnboardingHarness } from './onboardingHarness';
import { CSP_SUBSCRIPTION_ID } from './specs';

export const TEST_BASE_URL = 'http://localhost:7071';

/**
 * The one HTTP function a trigger module registers. `load` must import the module for the first time in this test
 * file (a module already loaded does not register again), so test files must not import the module themselves.
 */
export async function captureHttpFunction(load: () => unknown): Promise<RegisteredFunction> {
  const registry = await captureRegistrations(load);
  const [registration, ...others] = registry.list('http');
  if (registration === undefined || others.length > 0) {
    throw new Error(`expected one HTTP function, got: ${registry.names('http').join(', ') || '(none)'}`);
  }
  return registration;
}

/** `POST /api/plan` (functions/plan.http.ts), as the host registers it. */
export function capturePlanFunction(): Promise<RegisteredFunction> {
  return captureHttpFunction(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the trigger module must first load inside the capture, as the host loads it
    require('../../functions/plan.http');
  });
}

/** `GET /api/customers/{customerId}` (functions/customer.http.ts), as the host registers it. */
export function captureCustomerFunction(): Promise<RegisteredFunction> {
  return captureHttpFunction(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the trigger module must first load inside the capture, as the host loads it
    require('../../functions/customer.http');
  });
}

export interface HttpRequestCall {
  readonly method: string;
  /** Path and query, e.g. `/api/customers/contoso?format=mermaid`. */
  readonly path: string;
  readonly params?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Sent as JSON (with `Content-Type: application/json` unless a header says otherwise). */
  readonly json?: unknown;
  /** Sent as is. */
  readonly text?: string;
}

export interface HttpResult {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly body: ReturnType<typeof JSON.parse>;
}

export async function callHttp(registration: RegisteredFunction, call: HttpRequestCall): Promise<HttpResult> {
  const url = new URL(call.path, TEST_BASE_URL);
  const text = call.text ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
  const request = new HttpRequest({
    method: call.method,
    url: url.toString(),
    headers: { ...(call.json === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    query: Object.fromEntries(url.searchParams),
    ...(call.params === undefined ? {} : { params: call.params }),
    ...(text === undefined ? {} : { body: { string: text } }),
  });
  const { result } = await invokeFunction(registration, request);
  const response = asHttpResponse(result);
  const responseText = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    contentType,
    text: responseText,
    body: /json/.test(contentType) && responseText !== '' ? JSON.parse(responseText) : undefined,
  };
}

const APP_SETTINGS = [
  'ERCSP_CSP_TENANT_ID',
  'ERCSP_CSP_SUBSCRIPTION_IDS',
  'ERCSP_ARM_ENDPOINT',
  'ERCSP_ARM_CA_FILE',
  'ERCSP_ARM_POLL_INTERVAL',
  'ERCSP_ARM_RETRY_DELAY',
  'ERCSP_ARM_MAX_RETRY_DELAY',
  'ERCSP_CREDENTIAL_MODE',
  'ERCSP_TABLES_CONNECTION',
  'ERCSP_TABLES_PREFIX',
  'ERCSP_SECRETS_SOURCE',
] as const;

/**
 * Points the app's composition at the harness's ARM simulator and tables (the settings the harness itself was built
 * from). Returns a function that puts the environment back and drops the composition.
 */
export async function pointAppAt(harness: OnboardingHarness): Promise<() => Promise<void>> {
  const { config } = harness.composition;
  const settings: Record<(typeof APP_SETTINGS)[number], string> = {
    ERCSP_CSP_TENANT_ID: CSP_TENANT_ID,
    ERCSP_CSP_SUBSCRIPTION_IDS: CSP_SUBSCRIPTION_ID,
    ERCSP_ARM_ENDPOINT: harness.arm.endpoint,
    ERCSP_ARM_CA_FILE: harness.arm.caFile,
    ERCSP_ARM_POLL_INTERVAL: '5ms',
    ERCSP_ARM_RETRY_DELAY: '5ms',
    ERCSP_ARM_MAX_RETRY_DELAY: '50ms',
    ERCSP_CREDENTIAL_MODE: 'fake',
    ERCSP_TABLES_CONNECTION: config.tables.connectionString ?? '',
    ERCSP_TABLES_PREFIX: config.tables.prefix,
    ERCSP_SECRETS_SOURCE: 'environment',
  };
  const previous = Object.fromEntries(APP_SETTINGS.map((key) => [key, process.env[key]]));
  Object.assign(process.env, settings);
  await resetAppComposition();
  return async () => {
    for (const key of APP_SETTINGS) {
      const value = previous[key];
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
    await resetAppComposition();
  };
}

/** ARM writes (PUT/PATCH/POST) and deletes the simulator has counted since its counters were last reset. */
export function armWrites(harness: OnboardingHarness): { writes: number; deletes: number } {
  const { writes, deletes } = harness.arm.control.counters().total;
  return { writes, deletes };
}
