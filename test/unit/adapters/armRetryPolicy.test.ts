import { armRetryPolicy, backoffDelayMs, decideRetry } from '../../../shared/adapters/arm/armRetryPolicy';
import type { ArmRetryOptions, PipelinePolicy, RetryEvent } from '../../../shared/adapters/arm/armRetryPolicy';

const OPTIONS: ArmRetryOptions = { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const headers = (values: Record<string, string> = {}) => ({ get: (name: string) => values[name.toLowerCase()] });
const cloudError = (code: string) => JSON.stringify({ error: { code, message: code } });
/** Retries so far: `business` re-sends after throttled/busy answers, `transport` after faults. */
const business = (count: number) => ({ transport: 0, business: count });
const transport = (count: number) => ({ transport: count, business: 0 });

describe('decideRetry', () => {
  it('retries a 429 WITHOUT Retry-After with exponential backoff and jitter', () => {
    expect(decideRetry({ status: 429, headers: headers() }, business(0), OPTIONS, () => 0)).toEqual({
      retry: true,
      delayMs: 50,
      reason: '429',
      failure: 'business',
    });
    expect(decideRetry({ status: 429, headers: headers() }, business(2), OPTIONS, () => 1)).toMatchObject({
      retry: true,
      delayMs: 400,
    });
    // The step is capped at maxDelayMs.
    expect(
      decideRetry({ status: 429, headers: headers() }, business(3), { ...OPTIONS, maxBusinessRetries: 10 }, () => 1),
    ).toMatchObject({
      delayMs: 800,
    });
    expect(backoffDelayMs(9, OPTIONS, () => 1)).toBe(1000);
  });

  it('honours Retry-After (plus a little jitter) on 429 and on NRP busy answers of any status', () => {
    expect(
      decideRetry({ status: 429, headers: headers({ 'retry-after': '2' }) }, business(0), OPTIONS, () => 0),
    ).toMatchObject({
      retry: true,
      delayMs: 2000,
    });
    const busy = decideRetry(
      { status: 409, headers: headers({ 'retry-after': '1' }), bodyText: cloudError('AnotherOperationInProgress') },
      business(0),
      OPTIONS,
      () => 0.5,
    );
    expect(busy).toMatchObject({ retry: true, delayMs: 1050 });
    expect(
      decideRetry({ status: 400, headers: headers(), bodyText: cloudError('RetryableError') }, business(0), OPTIONS),
    ).toMatchObject({
      retry: true,
    });
  });

  it('retries 5xx and transport failures, not validation errors or successes', () => {
    expect(decideRetry({ status: 503, headers: headers() }, transport(0), OPTIONS).retry).toBe(true);
    expect(decideRetry({ status: 500, headers: headers() }, transport(0), OPTIONS).retry).toBe(true);
    expect(decideRetry({ errorCode: 'ECONNRESET' }, transport(0), OPTIONS).retry).toBe(true);
    expect(decideRetry({ errorCode: 'CERT_HAS_EXPIRED' }, transport(0), OPTIONS).retry).toBe(false);
    expect(
      decideRetry(
        { status: 400, headers: headers(), bodyText: cloudError('InvalidRequestFormat') },
        transport(0),
        OPTIONS,
      ).retry,
    ).toBe(false);
    expect(
      decideRetry({ status: 409, headers: headers(), bodyText: cloudError('Conflict') }, transport(0), OPTIONS).retry,
    ).toBe(false);
    expect(decideRetry({ status: 201, headers: headers() }, transport(0), OPTIONS).retry).toBe(false);
  });

  it('draws both classes from one pool of re-sends, and leaves a Retry-After beyond the ceiling to the caller', () => {
    // maxRetries 4 leaves 10 - 1 - 4 = 5 business retries: 9 re-sends in all, whatever mix of faults and throttles.
    expect(decideRetry({ status: 503, headers: headers() }, transport(8), OPTIONS).retry).toBe(true);
    expect(decideRetry({ status: 503, headers: headers() }, transport(9), OPTIONS)).toMatchObject({ retry: false });
    expect(decideRetry({ status: 429, headers: headers() }, business(8), OPTIONS).retry).toBe(true);
    expect(decideRetry({ status: 429, headers: headers() }, business(9), OPTIONS)).toMatchObject({ retry: false });
    expect(decideRetry({ status: 429, headers: headers() }, { transport: 4, business: 4 }, OPTIONS).retry).toBe(true);
    expect(decideRetry({ status: 503, headers: headers() }, { transport: 4, business: 5 }, OPTIONS)).toMatchObject({
      retry: false,
    });
    expect(
      decideRetry({ status: 429, headers: headers({ 'retry-after': '3600' }) }, business(0), OPTIONS),
    ).toMatchObject({
      retry: false,
    });
    expect(
      decideRetry({ status: 429, headers: headers({ 'retry-after': '5' }) }, business(0), {
        ...OPTIONS,
        maxRetryAfterMs: 1000,
      }),
    ).toMatchObject({ retry: false });
  });
});

type SendRequest = Parameters<PipelinePolicy['sendRequest']>[1];
type Request = Parameters<SendRequest>[0];
type Response = Awaited<ReturnType<SendRequest>>;

function response(request: Request, status: number, values: Record<string, string> = {}, bodyText?: string): Response {
  return { request, status, headers: headers(values), bodyAsText: bodyText } as unknown as Response;
}

function transportError(code: string): Error {
  const error = new Error('socket hang up') as Error & { code: string };
  error.name = 'RestError';
  error.code = code;
  return error;
}

/** Runs the policy against a scripted sequence of answers; records the waits it asked for. */
async function run(script: ((request: Request) => Response | Error)[], options: ArmRetryOptions = OPTIONS) {
  const waits: number[] = [];
  const events: RetryEvent[] = [];
  const policy = armRetryPolicy(options, {
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0,
    onRetry: (event) => events.push(event),
  });
  const request = { method: 'PUT', url: 'https://arm.example/x' } as unknown as Request;
  let calls = 0;
  const next: SendRequest = (sent) => {
    const step = script[Math.min(calls, script.length - 1)];
    calls += 1;
    if (step === undefined) throw new Error('empty script');
    const outcome = step(sent);
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
  };
  const result = await policy.sendRequest(request, next).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { result, calls, waits, events };
}

describe('armRetryPolicy', () => {
  it('gets through 429 without Retry-After, a reset, a 503 and a busy 409 to the final answer', async () => {
    const { result, calls, waits, events } = await run([
      (r) => response(r, 429),
      () => transportError('ECONNRESET'),
      (r) => response(r, 503, { 'retry-after': '0' }),
      (r) => response(r, 409, { 'retry-after': '1' }, cloudError('AnotherOperationInProgress')),
      (r) => response(r, 200),
    ]);
    expect('value' in result && result.value.status).toBe(200);
    expect(calls).toBe(5);
    // The backoff grows with the call's retries so far, whatever their class; a Retry-After is honoured as given.
    expect(waits).toEqual([50, 100, 0, 1000]);
    expect(events.map((event) => event.reason)).toEqual([
      '429',
      'ECONNRESET',
      '503 (Retry-After)',
      '409 AnotherOperationInProgress (Retry-After)',
    ]);
    expect(events.map((event) => event.method)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
  });

  it('returns the last answer once retries are used up, and rethrows a last transport error', async () => {
    const busy = await run([(r) => response(r, 429)], { ...OPTIONS, maxRetries: 1, maxBusinessRetries: 1 });
    expect(busy.calls).toBe(3);
    // By default one ARM call costs at most 10 HTTP attempts (retryBudget.ts), whatever keeps failing.
    const throttled = await run([(r) => response(r, 429)], { ...OPTIONS, maxRetries: 3 });
    expect(throttled.calls).toBe(10);
    expect('value' in busy.result && busy.result.value.status).toBe(429);
    const reset = await run([() => transportError('ECONNRESET')], { ...OPTIONS, maxRetries: 1, maxBusinessRetries: 0 });
    expect(reset.calls).toBe(2);
    expect('error' in reset.result && (reset.result.error as Error).message).toBe('socket hang up');
  });

  it('sends a validation error back at once', async () => {
    const { result, calls } = await run([(r) => response(r, 400, {}, cloudError('InvalidRequestFormat'))]);
    expect(calls).toBe(1);
    expect('value' in result && result.value.status).toBe(400);
  });

  it('does not retry what is not an HTTP failure (e.g. a credential error)', async () => {
    const { result, calls } = await run([() => new Error('token request failed')]);
    expect(calls).toBe(1);
    expect('error' in result).toBe(true);
  });
});
