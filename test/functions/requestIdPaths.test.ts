/**
 * A request id in the URL that no request could have (too long, or characters the intake never accepts) is answered
 * 404 without reaching storage, and the id is echoed short.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { requestStatusHandler } from '../../functions/handlers/requestStatus';
import { requestEventsHandler } from '../../functions/handlers/requestEvents';

const HOSTILE = `${'x'.repeat(5_000)}#?/`;

function get(id: string, name?: string): HttpRequest {
  return new HttpRequest({
    method: name === undefined ? 'GET' : 'POST',
    url: `https://app.example/api/requests/x`,
    params: name === undefined ? { id } : { id, name },
  });
}

describe.each([
  ['GET /api/requests/{id}', () => requestStatusHandler(get(HOSTILE), new InvocationContext())],
  [
    'POST /api/requests/{id}/events/{name}',
    () => requestEventsHandler(get(HOSTILE, 'ProviderProvisioned'), new InvocationContext()),
  ],
])('%s with an impossible id', (_route, call) => {
  it('is 404 RequestNotFound, echoing the id short', async () => {
    const response = await call();
    expect(response.status).toBe(404);
    const body = JSON.stringify(response.jsonBody);
    expect(body).toContain('RequestNotFound');
    expect(body).not.toContain('x'.repeat(100));
    expect(body.length).toBeLessThan(1_000);
  });
});
