import { ArmOperationError, NotManagedError } from '../../../shared/errors';
import { isRetryableFailure, parseRetryAfterMs, toArmError } from '../../../shared/adapters/arm/armErrors';

/** What core-rest-pipeline's RestError looks like to the mapping (name, code, statusCode, response headers). */
function restError(
  statusCode: number | undefined,
  code: string | undefined,
  message: string,
  headers: Record<string, string> = {},
): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = 'RestError';
  if (code !== undefined) error.code = code;
  if (statusCode !== undefined) error.statusCode = statusCode;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  error.response = { status: statusCode, headers: { get: (name: string) => lower[name.toLowerCase()] } };
  return error;
}

function mapped(error: unknown): ArmOperationError {
  const result = toArmError(error, { action: 'PUT', resourceId: '/subscriptions/s/resourceGroups/rg/x' });
  if (!(result instanceof ArmOperationError)) throw new Error(`not an ArmOperationError: ${String(result)}`);
  return result;
}

describe('toArmError', () => {
  it('keeps ARM code and status, and reads Retry-After (seconds) of a 429', () => {
    const error = mapped(restError(429, 'SubscriptionRequestsThrottled', 'throttled', { 'Retry-After': '7' }));
    expect(error).toMatchObject({
      code: 'SubscriptionRequestsThrottled',
      statusCode: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(error.target).toBe('/subscriptions/s/resourceGroups/rg/x');
  });

  it('treats a 429 without Retry-After as retryable, with no retryAfterMs', () => {
    const error = mapped(restError(429, 'TooManyRequests', 'slow down'));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it.each([
    [409, 'AnotherOperationInProgress'],
    [429, 'RetryableErrorDueToAnotherOperation'],
    [400, 'AnotherOperationInProgress'],
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
    [504, undefined],
  ])('%s %s is retryable', (status, code) => {
    expect(mapped(restError(status, code, 'busy')).retryable).toBe(true);
  });

  it.each([
    [400, 'ExpressRouteCircuitBandwidthDecreaseNotAllowed'],
    [400, 'InvalidRequestFormat'],
    [403, 'LinkedAuthorizationFailed'],
    [401, 'InvalidAuthenticationTokenTenant'],
    [404, 'ResourceNotFound'],
    [501, undefined],
  ])('%s %s is not retryable', (status, code) => {
    expect(mapped(restError(status, code, 'no')).retryable).toBe(false);
  });

  it('maps a transport failure (no status) to a retryable error named after the Node code', () => {
    const error = mapped(restError(undefined, 'ECONNRESET', 'socket hang up'));
    expect(error).toMatchObject({ code: 'ECONNRESET', retryable: true, statusCode: undefined });
  });

  it("parses core-lro's failure message into ARM's code", () => {
    const error = mapped(
      new Error('The long-running operation has failed. AnotherOperationInProgress. Busy with another write.'),
    );
    expect(error).toMatchObject({ code: 'AnotherOperationInProgress', retryable: true });
    expect(error.message).toContain('Busy with another write.');
    const validation = mapped(
      new Error('The long-running operation has failed. ConflictError. Circuit is provisioned.'),
    );
    expect(validation).toMatchObject({ code: 'ConflictError', retryable: false });
    expect(mapped(new Error('The long-running operation has failed')).code).toBe('LongRunningOperationFailed');
  });

  it('maps a canceled LRO to a retryable OperationCanceled', () => {
    expect(mapped(new Error('Operation was canceled'))).toMatchObject({ code: 'OperationCanceled', retryable: true });
  });

  it('scrubs authorization keys and shared keys from the message, known values first', () => {
    const key = '5b2f0c1e-9d8a-4c7b-a6e5-0f1e2d3c4b5a';
    const body = JSON.stringify({ properties: { authorizationKey: key, sharedKey: 'md5-secret-value' } });
    const error = toArmError(restError(400, 'InvalidRequestContent', `bad body ${body}`), {
      action: 'PUT',
      secrets: ['md5-secret-value'],
    });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('md5-secret-value');
    expect(error.message).toContain('[redacted]');
  });

  it('passes application errors and programming errors through unchanged', () => {
    const notManaged = new NotManagedError('/subscriptions/s/x');
    expect(toArmError(notManaged, { action: 'PUT' })).toBe(notManaged);
    const bug = new TypeError('undefined is not a function');
    expect(toArmError(bug, { action: 'PUT' })).toBe(bug);
  });
});

describe('parseRetryAfterMs', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] });

  it('prefers the millisecond headers, then seconds, then an HTTP date', () => {
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfterMs(headers({ 'x-ms-retry-after-ms': '40' }))).toBe(40);
    expect(parseRetryAfterMs(headers({ 'retry-after': '0' }))).toBe(0);
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 12:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfterMs(headers({}))).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('isRetryableFailure', () => {
  it('is true for busy codes whatever the status, and for transient statuses whatever the code', () => {
    expect(isRetryableFailure(409, 'RetryableError')).toBe(true);
    expect(isRetryableFailure(502, 'Whatever')).toBe(true);
    expect(isRetryableFailure(409, 'Conflict')).toBe(false);
  });
});
