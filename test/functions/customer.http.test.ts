/**
 * `GET /api/customers/{customerId}` through its real registration, after a completed onboarding against the ARM
 * simulator and Azurite: the registry entry, the topology with ARM ids and states, no secrets, the Mermaid diagram.
 */
import type { RegisteredFunction } from '../../local/functionsHost';
import { deriveTopology } from '../../shared/domain/topology';
import { armWrites, callHttp, captureCustomerFunction, pointAppAt, type HttpResult } from '../support/httpFunctions';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { MD5_VALUE, PROVIDER_DELAY, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { CONTOSO_TENANT_ID, CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

const SPEC = withNewGateways(validConnectThroughSpec());
const DESIRED = deriveTopology(SPEC, { cspTenantId: CSP_TENANT_ID }).resources;

interface ResourceBody {
  kind: string;
  id: string;
  name: string;
  state: Record<string, string>;
}

/** Every string held under one of `fields`, anywhere in `value` (the simulator's stored resources), by field. */
function secretValues(value: unknown, fields: readonly string[]): Map<string, Set<string>> {
  const found = new Map(fields.map((field) => [field, new Set<string>()]));
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'string' && child !== '') found.get(key)?.add(child);
        else visit(child);
      }
    }
  };
  visit(value);
  return found;
}

describe('GET /api/customers/{customerId}', () => {
  let harness: OnboardingHarness;
  let restoreApp: () => Promise<void>;
  let customer: RegisteredFunction;
  const get = (customerId: string, query = ''): Promise<HttpResult> =>
    callHttp(customer, { method: 'GET', path: `/api/customers/${customerId}${query}`, params: { customerId } });

  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: PROVIDER_DELAY } } });
    const { status } = await runOnboarding(harness, SPEC, 'onboard-contoso-view');
    expect(status.runtimeStatus).toBe('Completed');
    restoreApp = await pointAppAt(harness);
    customer = await captureCustomerFunction();
    harness.arm.control.resetCounters();
  }, 60_000);
  afterAll(async () => {
    await restoreApp();
    await harness.stop();
  });
  afterEach(() => {
    expect(armWrites(harness)).toEqual({ writes: 0, deletes: 0 });
  });

  it('is registered as GET /api/customers/{customerId}, with function-level authorization', () => {
    expect(customer.name).toBe('customer');
    expect(customer.trigger).toEqual(
      expect.objectContaining({ route: 'customers/{customerId}', methods: ['GET'], authLevel: 'function' }),
    );
  });

  it('returns the registry entry and every resource Azure holds for the customer, with its states', async () => {
    const response = await get('contoso');
    expect(response.status).toBe(200);
    expect(response.body.customer).toEqual(
      expect.objectContaining({
        id: 'contoso',
        tenantId: CONTOSO_TENANT_ID,
        model: 'connect-through',
        circuitSubscriptionId: CSP_SUBSCRIPTION_ID,
        status: 'Active',
      }),
    );
    const resources = response.body.resources as ResourceBody[];
    expect(new Set(resources.map((r) => r.id.toLowerCase()))).toEqual(new Set(DESIRED.map((r) => r.id.toLowerCase())));

    const ofKind = (kind: string) => resources.filter((r) => r.kind === kind);
    expect(ofKind('circuit').map((r) => r.state)).toEqual([
      {
        provisioningState: 'Succeeded',
        serviceProviderProvisioningState: 'Provisioned',
        circuitProvisioningState: 'Enabled',
      },
      {
        provisioningState: 'Succeeded',
        serviceProviderProvisioningState: 'Provisioned',
        circuitProvisioningState: 'Enabled',
      },
    ]);
    expect(ofKind('peering').map((r) => r.state.peeringState)).toEqual(['Enabled', 'Enabled']);
    expect(ofKind('authorization').map((r) => r.state.authorizationUseStatus)).toEqual([
      'InUse',
      'InUse',
      'InUse',
      'InUse',
    ]);
    expect(new Set(ofKind('connection').map((r) => r.state.connectionStatus))).toEqual(new Set(['Connected']));
    expect(ofKind('gateway').every((r) => r.state.provisioningState === 'Succeeded')).toBe(true);
  });

  it('carries no secret: no authorization key, no BGP MD5 value, no service key', async () => {
    const secrets = secretValues(harness.arm.control.resources(), ['authorizationKey', 'sharedKey', 'serviceKey']);
    expect(secrets.get('authorizationKey')?.size).toBe(4);
    expect(secrets.get('sharedKey')).toEqual(new Set([MD5_VALUE]));
    expect(secrets.get('serviceKey')?.size).toBe(2);

    const texts = [(await get('contoso')).text, (await get('contoso', '?format=mermaid')).text];
    for (const text of texts) {
      for (const values of secrets.values()) for (const secret of values) expect(text).not.toContain(secret);
    }
  });

  it('draws the topology as a Mermaid graph, and answers the diagram alone as text/plain', async () => {
    const json = await get('contoso');
    const diagram = json.body.mermaid as string;
    expect(diagram.split('\n')[0]).toBe('graph LR');
    expect(diagram).toContain('circuit_er_contoso_a["er-contoso-a<br/>Amsterdam · Equinix<br/>provider: Provisioned');
    expect(diagram).toMatch(
      /circuit_er_contoso_a -->\|"auth-contoso-vnet-contoso-hub-weu-a #40;InUse#41;"\| connection_/,
    );
    expect(diagram).toContain('gateway_ergw_vnet_contoso_hub_weu --> vnet_vnet_contoso_hub_weu');
    expect(diagram).toContain('vnet_vnet_contoso_hub_weu["vnet-contoso-hub-weu"]');

    const text = await get('contoso', '?format=mermaid');
    expect(text.status).toBe(200);
    expect(text.contentType).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe(diagram);
  });

  it('answers 404 problem+json for a customer nobody registered', async () => {
    const response = await get('northwind');
    expect(response.status).toBe(404);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body).toEqual(expect.objectContaining({ status: 404, code: 'CustomerNotFound' }));
  });

  it('answers 400 problem+json for a malformed customer id or format', async () => {
    const badId = await get('Not_A_Customer');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
    const badFormat = await get('contoso', '?format=svg');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors).toEqual([expect.objectContaining({ path: 'format' })]);
  });
});
