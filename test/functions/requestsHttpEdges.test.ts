/**
 * The request entry points at their edges, through the whole app (real HttpRequests, the queue trigger, Azurite):
 * the same id with another body is 409 over HTTP and parked once as RequestIdConflict on the queue; bodies too large
 * are 413 and too deep 400, each with a small problem body; a secret given as a plain string is never echoed in the
 * response, the ledger, the parked record or a log line.
 */
import type { HttpResponse } from '@azure/functions';
import { RequestFunctions } from '../../functions/http/requestRoutes';
import { useFunctionsHarness } from '../support/functionsHarness';
import { seedCustomerNetworks } from '../support/onboardingHarness';
import { withNewGateways } from '../support/onboardingScenarios';
import { onboardingEvent } from '../support/requestCloudEvents';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(120_000);

const SECRET = 'Plain-Md5-Secret-Value-42';

interface Problem {
  status: number;
  code?: string;
  detail: string;
  errors?: { path: string; rule: string; message: string }[];
}

async function problemOf(response: HttpResponse, status: number): Promise<{ problem: Problem; bytes: number }> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const text = await response.text();
  return { problem: JSON.parse(text) as Problem, bytes: Buffer.byteLength(text) };
}

describe('the request entry points at their edges', () => {
  const started = useFunctionsHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
  const spec = withNewGateways(validConnectThroughSpec());
  const submit = (body: unknown) =>
    started().http(RequestFunctions.submit.name, { method: 'POST', path: 'requests', body });

  beforeAll(() => {
    seedCustomerNetworks(started().arm, spec);
  });

  it('answers 409 problem+json for the same id with another body, and leaves the first request as it was', async () => {
    expect((await submit(onboardingEvent('edge-1', spec))).status).toBe(202);
    const ledger = started().composition.tables.requests;
    const before = await ledger.get('edge-1');

    const other = onboardingEvent('edge-1', { ...spec, circuits: { ...spec.circuits, bandwidthMbps: 2000 } });
    const { problem } = await problemOf(await submit(other), 409);
    expect(problem.code).toBe('RequestIdConflict');
    expect(await ledger.get('edge-1')).toEqual(before);
  });

  it('parks a queue message reusing an id for another body once, with the reason RequestIdConflict', async () => {
    const harness = started();
    expect((await harness.deliver('onboarding', onboardingEvent('edge-2', spec))).parked).toBeUndefined();
    const other = onboardingEvent('edge-2', { ...spec, circuits: { ...spec.circuits, bandwidthMbps: 2000 } });
    const { parked } = await harness.deliver('onboarding', other);
    expect(parked?.reason).toBe('RequestIdConflict');
  });

  it('answers 413 with a small problem body for a body over 256 KB', async () => {
    const body = JSON.stringify({ ...(onboardingEvent('edge-3', spec) as object), padding: 'p'.repeat(300_000) });
    const { problem, bytes } = await problemOf(await submit(body), 413);
    expect(problem.errors?.[0]?.rule).toBe('body.max-size');
    expect(bytes).toBeLessThan(2048);
  });

  it('answers 400 for 10,000 levels of nesting, without overflowing the stack', async () => {
    for (const body of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const { problem, bytes } = await problemOf(await submit(body), 400);
      expect(problem.errors?.map((error) => error.rule)).toEqual(['json.max-depth']);
      expect(bytes).toBeLessThan(2048);
    }
  });

  it('never repeats a BGP MD5 key given as a plain string: not in the answer, the ledger, the parked record or a log', async () => {
    const harness = started();
    const withPlainKey = (id: string) => {
      const event = onboardingEvent(id, spec) as unknown as {
        data: { circuits: { privatePeering: Record<string, unknown> } };
      };
      event.data.circuits.privatePeering.md5Key = SECRET;
      return event;
    };
    const response = await submit(withPlainKey('edge-5'));
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(SECRET);
    expect(JSON.stringify(await harness.composition.tables.requests.get('edge-5'))).not.toContain(SECRET);

    const { parked } = await harness.deliver('onboarding', withPlainKey('edge-6'));
    expect(parked).toBeDefined();
    expect(JSON.stringify(parked)).not.toContain(SECRET);
    expect(harness.logs.join('\n')).not.toContain(SECRET);
  });
});
