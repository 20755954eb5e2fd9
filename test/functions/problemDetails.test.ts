import { HttpRequest } from '@azure/functions';
import { readJsonBody, problemFromError, problemTypeFor, validationProblem } from '../../functions/http/problemDetails';
import { AppError, ValidationError } from '../../shared/errors';
import { InstanceAlreadyExistsError, WorkflowUnavailableError } from '../../shared/ports/workflows';

function post(body: string, contentType?: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/requests',
    body: { string: body },
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
}

describe('problem details', () => {
  it('names problem types after the stable error codes', () => {
    expect(problemTypeFor('ValidationFailed')).toBe('urn:ercsp:problem:validation-failed');
    expect(problemTypeFor('SubscriptionOwnedByAnotherCustomer')).toBe(
      'urn:ercsp:problem:subscription-owned-by-another-customer',
    );
  });

  it('lists every field error, and says them all in the detail', () => {
    const issues = [
      { path: 'subject', rule: 'schema.format', message: 'must be a customer id' },
      { path: '', rule: 'cloudevent.object', message: 'must be a JSON object' },
    ];
    expect(validationProblem(issues)).toEqual({
      status: 400,
      headers: { 'Content-Type': 'application/problem+json' },
      jsonBody: {
        type: 'urn:ercsp:problem:validation-failed',
        title: 'The request is not valid',
        status: 400,
        code: 'ValidationFailed',
        detail: 'subject: must be a customer id [schema.format]; (root): must be a JSON object [cloudevent.object]',
        errors: issues,
      },
    });
  });

  it.each([
    [new ValidationError([{ path: 'a', rule: 'r', message: 'm' }]), 400],
    [new AppError('ScopeViolation', 'no'), 403],
    [new InstanceAlreadyExistsError('req-1'), 409],
    [new WorkflowUnavailableError('the task hub is down'), 503],
    [new AppError('CorruptTableRow', 'row 7 has status "x"'), 500],
    [new TypeError('Cannot read properties of undefined (reading "secret")'), 500],
  ])("maps %p to %i, never showing an unexpected error's message", (error, status) => {
    const response = problemFromError(error, { instance: '/api/requests' });
    expect(response.status).toBe(status);
    const body = JSON.stringify(response.jsonBody);
    if (status >= 500) expect(body).not.toMatch(/secret|row 7|task hub/);
    expect(response.jsonBody).toMatchObject({ status, instance: '/api/requests' });
  });

  it('reads JSON bodies of any JSON media type, and refuses others with 415 and broken JSON with 400', async () => {
    expect(await readJsonBody(post('{"a":1}', 'application/cloudevents+json; charset=utf-8'))).toEqual({
      ok: true,
      body: { a: 1 },
    });
    expect(await readJsonBody(post('[1]', 'application/json'))).toEqual({ ok: true, body: [1] });

    const textPlain = await readJsonBody(post('{"a":1}', 'text/plain'));
    expect(textPlain).toMatchObject({
      ok: false,
      response: { status: 415, headers: { 'Accept-Post': 'application/json' } },
    });
    const missing = await readJsonBody(post('{"a":1}'));
    expect(missing).toMatchObject({ ok: false, response: { status: 415 } });
    const broken = await readJsonBody(post('{"a":', 'application/json'));
    expect(broken).toMatchObject({
      ok: false,
      response: { status: 400, jsonBody: { errors: [{ path: '', rule: 'json-syntax' }] } },
    });
  });

  it('reads an empty body as undefined when the body is optional', async () => {
    expect(await readJsonBody(post(''), { optional: true })).toEqual({ ok: true, body: undefined });
    expect(await readJsonBody(post(''), {})).toMatchObject({ ok: false, response: { status: 415 } });
  });
});
