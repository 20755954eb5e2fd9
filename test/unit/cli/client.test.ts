/**
 * The client commands against a recorded transport: where they send (base URL, `/api`, path and query), how they
 * authenticate (function key header, Entra bearer token, never both), what they print (tables, `--json`, problem
 * lines) and their exit statuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../local/cli/paths';
import { resolveTarget, setClientDependencies, KEY_ENV, URL_ENV } from '../../../local/cli/commands/client';
import { ercsp } from './harness';

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A transport answering each call with the next canned response, recording what was sent. */
function transport(responses: { status: number; body?: unknown; contentType?: string }[]): { sent: Sent[] } {
  const sent: Sent[] = [];
  const fakeFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : input.toString(),
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const next = responses.shift();
    if (next === undefined) return Promise.reject(new Error('connect ECONNREFUSED'));
    const text = next.body === undefined ? '' : typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
    return Promise.resolve(
      new Response(text === '' ? null : text, {
        status: next.status,
        headers: { 'content-type': next.contentType ?? 'application/json' },
      }),
    );
  };
  restore = setClientDependencies({
    fetch: fakeFetch,
    token: (scope) => Promise.resolve(`token-for-${scope}`),
    env: {},
  });
  return { sent };
}

let restore: () => void = () => undefined;
afterEach(() => {
  restore();
});

const CONNECTION = ['--url', 'http://127.0.0.1:7071', '--key', 'the-key'];

describe('resolveTarget', () => {
  it('adds /api to a base URL (once), takes the key from the environment, and names each problem', () => {
    expect(resolveTarget({ url: 'https://func-x.azurewebsites.net/' }, { [KEY_ENV]: 'k' })).toEqual({
      ok: true,
      target: { apiBase: 'https://func-x.azurewebsites.net/api', auth: { kind: 'function-key', key: 'k' } },
    });
    expect(resolveTarget({}, { [URL_ENV]: 'http://127.0.0.1:7071/api' })).toEqual({
      ok: true,
      target: { apiBase: 'http://127.0.0.1:7071/api', auth: { kind: 'none' } },
    });
    expect(resolveTarget({ url: 'https://x', entraScope: 'api://app/.default' }, { [KEY_ENV]: 'k' })).toMatchObject({
      ok: true,
      target: { auth: { kind: 'entra', scope: 'api://app/.default' } },
    });
    expect(resolveTarget({ url: 'ftp://x?code=1', key: 'k', entraScope: 's' }, {})).toEqual({
      ok: false,
      problems: [
        "--url: 'ftp://x?code=1' is not an http(s) base URL such as http://127.0.0.1:7071",
        '--key and --entra-scope exclude each other',
      ],
    });
    expect(resolveTarget({}, {})).toEqual({
      ok: false,
      problems: [`--url: no base URL given (set --url or ${URL_ENV}; ercsp serve prints it)`],
    });
  });
});

describe('ercsp customers list', () => {
  it('follows continuation tokens with the status filter, sends the key as a header, prints a table', async () => {
    const customer = (id: string) => ({
      id,
      tenantId: 't',
      model: 'connect-to',
      status: 'Active',
      circuitSubscriptionId: 's',
      vnetIds: ['v1', 'v2'],
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    const { sent } = transport([
      { status: 200, body: { items: [customer('contoso')], continuationToken: 'next one' } },
      { status: 200, body: { items: [customer('fabrikam')] } },
    ]);
    const run = await ercsp(['customers', 'list', '--status', 'Active', ...CONNECTION]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(sent.map((call) => call.url)).toEqual([
      'http://127.0.0.1:7071/api/customers?status=Active',
      'http://127.0.0.1:7071/api/customers?status=Active&continuationToken=next+one',
    ]);
    expect(sent[0]?.headers['x-functions-key']).toBe('the-key');
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'customer  status  model       tenant  circuit subscription  vnets  updated',
      'contoso   Active  connect-to  t       s                     2      2026-03-02T09:00:00.000Z',
      'fabrikam  Active  connect-to  t       s                     2      2026-03-02T09:00:00.000Z',
    ]);
    expect(run.stdout).toContain('2 customers\n');
    expect(run.stdout).not.toContain('the-key');
  });

  it('--json prints one array of every page; a refusal prints the problem lines and exits 1', async () => {
    transport([{ status: 200, body: { items: [{ id: 'contoso' }] } }]);
    const json = await ercsp(['customers', 'list', '--json', ...CONNECTION]);
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, [{ id: 'contoso' }]]);

    transport([
      {
        status: 400,
        contentType: 'application/problem+json',
        body: {
          type: 'urn:ercsp:problem:validation-failed',
          title: 'The request is not valid',
          status: 400,
          detail: 'status: invalid',
          errors: [{ path: 'status', rule: 'schema.enum', message: 'must be one of Onboarding, Active' }],
        },
      },
    ]);
    const refused = await ercsp(['customers', 'list', '--status', 'Sleeping', ...CONNECTION]);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      'error: 400 The request is not valid: status: invalid\n    status: must be one of Onboarding, Active [schema.enum]\n',
    ]);
  });

  it('a wrong key is a 401 the user is told how to fix; an unreachable server exits 1; no URL is a usage error', async () => {
    transport([{ status: 401 }]);
    const unauthorized = await ercsp(['customers', 'list', ...CONNECTION]);
    expect([unauthorized.code, unauthorized.stderr]).toEqual([
      1,
      `error: 401 Unauthorized: give a valid function key (--key or ${KEY_ENV}) or --entra-scope\n`,
    ]);
    transport([]);
    const down = await ercsp(['customers', 'list', ...CONNECTION]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^error: cannot reach http:\/\/127\.0\.0\.1:7071\/api\/customers: connect ECONNREFUSED/,
    );
    transport([]);
    expect((await ercsp(['customers', 'list'])).code).toBe(2);
  });
});

describe('ercsp submit, status, approve, events, diagram', () => {
  it('submit posts the file as a CloudEvent with an Entra token when asked, and prints the receipt', async () => {
    const { sent } = transport([
      { status: 202, body: { id: 'r1', instanceId: 'req-r1', statusQueryGetUri: 'http://h/api/requests/r1' } },
    ]);
    const run = await ercsp([
      'submit',
      'examples/rehearsal/01-onboard-contoso.json',
      '--url',
      'https://func-x.azurewebsites.net',
      '--entra-scope',
      'api://ercsp/.default',
    ]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'https://func-x.azurewebsites.net/api/requests',
      headers: {
        Authorization: 'Bearer token-for-api://ercsp/.default',
        'Content-Type': 'application/cloudevents+json',
      },
    });
    expect(sent[0]?.headers['x-functions-key']).toBeUndefined();
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ id: 'crm-req-20260302-0001' });
    expect(run.stdout).toMatch(/^r1\s+req-r1\s+Accepted\s+http:\/\/h\/api\/requests\/r1$/m);
    expect(run.stdout).not.toContain('token-for');
  });

  it('status prints the request, its circuit legs, provider waits and checkpoints; --wait exits 1 for a Failed workflow', async () => {
    const view = {
      id: 'r1',
      customerId: 'contoso',
      type: 'com.csp.expressroute.onboarding.requested',
      status: 'Failed',
      runtimeStatus: 'Failed',
      phase: 'failed',
      error: { message: 'circuit:a failed' },
      circuitLegs: [{ leg: 'a', pair: 'dr', runtimeStatus: 'Failed', phase: 'configuring-peerings' }],
      providerWaits: [
        { leg: 'a', runtimeStatus: 'Completed', serviceProviderProvisioningState: 'Provisioned', polls: 3 },
      ],
      checkpoints: [
        { stepKey: 'circuit:a', status: 'Failed', attempt: 2, errorCode: 'ArmRefused', errorMessage: 'no' },
      ],
    };
    const { sent } = transport([{ status: 200, body: view }]);
    const run = await ercsp(['status', 'r/1', '--wait', ...CONNECTION]);
    expect(sent[0]?.url).toBe('http://127.0.0.1:7071/api/requests/r%2F1');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^r1\s+contoso\s+onboarding\.requested\s+Failed\s+Failed\s+failed/m);
    expect(run.stdout).toContain('error: circuit:a failed\n');
    expect(run.stdout).toMatch(/^circuit legs\nleg\s+pair\s+runtime\s+phase\na\s+dr\s+Failed\s+configuring-peerings$/m);
    expect(run.stdout).toMatch(/^a\s+-\s+Completed\s+Provisioned\s+3$/m);
    expect(run.stdout).toMatch(/^circuit:a\s+Failed\s+2\s+-\s+ArmRefused: no$/m);
  });

  it('approve sends who and the plan approved; events sends the leg; a target not waiting exits 1', async () => {
    const signalled = (event: string, signalledTarget: boolean) => ({
      status: 202,
      body: {
        id: 'r1',
        event,
        targets: [{ instanceId: 'req-r1', signalled: signalledTarget, runtimeStatus: 'Running' }],
      },
    });
    const { sent } = transport([signalled('Approval', true), signalled('ProviderProvisioned', false)]);
    const approve = await ercsp([
      'approve',
      'r1',
      '--by',
      'jane.doe@csp.example',
      '--plan-digest',
      'td-0123456789abcdef',
      '--reference',
      'CHG1',
      ...CONNECTION,
    ]);
    expect([approve.code, approve.stderr]).toEqual([0, '']);
    expect(sent[0]?.url).toBe('http://127.0.0.1:7071/api/requests/r1/events/Approval');
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      approvedBy: 'jane.doe@csp.example',
      planDigest: 'td-0123456789abcdef',
      reference: 'CHG1',
    });
    const events = await ercsp(['events', 'r1', 'ProviderProvisioned', '--leg', 'b', ...CONNECTION]);
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual({ leg: 'b' });
    expect(events.code).toBe(1);
    expect(events.stdout).toMatch(/^req-r1\s+-\s+no\s+Running/m);
  });

  it('diagram prints the Mermaid text the API answers', async () => {
    const { sent } = transport([{ status: 200, body: 'graph LR\n  a --> b\n', contentType: 'text/plain' }]);
    const run = await ercsp(['diagram', 'contoso', ...CONNECTION]);
    expect(sent[0]?.url).toBe('http://127.0.0.1:7071/api/customers/contoso?format=mermaid');
    expect([run.code, run.stdout]).toEqual([0, 'graph LR\n  a --> b\n']);
  });
});

describe('ercsp --version', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const run = await ercsp(['--version']);
    expect([run.code, run.stdout]).toEqual([0, `${version}\n`]);
  });
});
