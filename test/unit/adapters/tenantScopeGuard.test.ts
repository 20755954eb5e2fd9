import {
  CspSubscriptionDirectory,
  FakeTenantCredentialProvider,
  FederatedAppCredentialProvider,
  HomeTenantCredentialProvider,
  StaticSubscriptionDirectory,
  TenantScopeGuard,
  assertTenantId,
  decodeUnsignedJwt,
} from '../../../shared/adapters/identity';
import type { SubscriptionDirectory, TokenCredential } from '../../../shared/adapters/identity';
import { ScopeViolationError } from '../../../shared/errors';

const CSP_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const CONTOSO_TENANT = '72f988bf-0000-4a1c-8e2d-3b4c5d6e7f80';
const FABRIKAM_TENANT = '3c2b1a09-8f7e-4d6c-9b5a-493827160504';
const CSP_SUB = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b';
const CONTOSO_SUB = 'a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b';
const FABRIKAM_SUB = 'f1e2d3c4-3333-4a5b-8c6d-7e8f9a0b1c2d';

function setup(options: { ttl?: number; now?: () => number } = {}) {
  const asked: string[] = [];
  const registry = new StaticSubscriptionDirectory({ [CONTOSO_SUB]: CONTOSO_TENANT, [FABRIKAM_SUB]: FABRIKAM_TENANT });
  const customers: SubscriptionDirectory = {
    tenantOfSubscription: (subscriptionId) => {
      asked.push(subscriptionId);
      return registry.tenantOfSubscription(subscriptionId);
    },
  };
  const directory = new CspSubscriptionDirectory({ cspTenantId: CSP_TENANT, cspSubscriptionIds: [CSP_SUB], customers });
  const credentials = new FakeTenantCredentialProvider();
  const guard = new TenantScopeGuard({
    directory,
    credentials,
    ...(options.ttl === undefined ? {} : { confirmationTtlMs: options.ttl }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { guard, credentials, asked };
}

describe('TenantScopeGuard', () => {
  it("gives a customer's credential only for that customer's subscriptions, and the CSP's for its own", async () => {
    const { guard, credentials } = setup();
    const contoso = await guard.credentialFor({ tenantId: CONTOSO_TENANT, subscriptionId: CONTOSO_SUB });
    const csp = await guard.credentialFor({ tenantId: CSP_TENANT, subscriptionId: CSP_SUB.toUpperCase() });
    const token = await contoso.getToken('https://management.azure.com/.default');
    expect(decodeUnsignedJwt(token?.token ?? '')).toMatchObject({
      tid: CONTOSO_TENANT,
      aud: 'https://management.azure.com',
    });
    expect(decodeUnsignedJwt((await csp.getToken('x/.default'))?.token ?? '')?.tid).toBe(CSP_TENANT);
    expect(credentials.tenantsAsked()).toEqual([CONTOSO_TENANT, CSP_TENANT]);
  });

  it("refuses another customer's subscription before any credential or token is even looked up", async () => {
    const { guard, credentials } = setup();
    const attempt = guard.credentialFor({ tenantId: CONTOSO_TENANT, subscriptionId: FABRIKAM_SUB });
    await expect(attempt).rejects.toBeInstanceOf(ScopeViolationError);
    await expect(attempt).rejects.toThrow(`belongs to tenant ${FABRIKAM_TENANT}, not to tenant ${CONTOSO_TENANT}`);
    await expect(guard.credentialFor({ tenantId: CONTOSO_TENANT, subscriptionId: CSP_SUB })).rejects.toMatchObject({
      code: 'ScopeViolation',
    });
    expect(credentials.issued).toEqual([]);
  });

  it('refuses a subscription nobody registered', async () => {
    const { guard } = setup();
    await expect(
      guard.verify({ tenantId: CONTOSO_TENANT, subscriptionId: '99999999-9999-4999-8999-999999999999' }),
    ).rejects.toThrow(/belongs to no registered customer/);
  });

  it('trusts a confirmed pair for the TTL only, then asks the directory again', async () => {
    let now = 1000;
    const { guard, asked } = setup({ ttl: 500, now: () => now });
    const scope = { tenantId: CONTOSO_TENANT, subscriptionId: CONTOSO_SUB };
    await guard.verify(scope);
    await guard.verify(scope);
    expect(asked).toHaveLength(1);
    now += 501;
    await guard.verify(scope);
    expect(asked).toHaveLength(2);
  });

  it('does not cache a refusal', async () => {
    const { guard, asked } = setup();
    const scope = { tenantId: CONTOSO_TENANT, subscriptionId: FABRIKAM_SUB };
    await expect(guard.verify(scope)).rejects.toThrow();
    await expect(guard.verify(scope)).rejects.toThrow();
    expect(asked).toHaveLength(2);
  });
});

describe('credential providers', () => {
  it('only accept GUID tenant ids (never common/organizations)', () => {
    expect(() => assertTenantId('common')).toThrow(ScopeViolationError);
    expect(() => new FakeTenantCredentialProvider().forTenant('organizations')).toThrow(ScopeViolationError);
    expect(assertTenantId(CONTOSO_TENANT.toUpperCase())).toBe(CONTOSO_TENANT);
  });

  it('cache one credential per tenant', () => {
    const fake = new FakeTenantCredentialProvider();
    expect(fake.forTenant(CONTOSO_TENANT)).toBe(fake.forTenant(CONTOSO_TENANT.toUpperCase()));
    expect(fake.forTenant(CONTOSO_TENANT)).not.toBe(fake.forTenant(FABRIKAM_TENANT));
    const assertionSource: TokenCredential = {
      getToken: () => Promise.resolve({ token: 'mi', expiresOnTimestamp: 0 }),
    };
    const federated = new FederatedAppCredentialProvider({
      appClientId: '11111111-2222-4333-8444-555555555555',
      assertionSource,
    });
    expect(federated.forTenant(CONTOSO_TENANT)).toBe(federated.forTenant(CONTOSO_TENANT));
    expect(federated.forTenant(CONTOSO_TENANT)).not.toBe(federated.forTenant(FABRIKAM_TENANT));
  });

  it('the home-tenant (DefaultAzureCredential) provider serves its own tenant only', () => {
    const credential: TokenCredential = { getToken: () => Promise.resolve(null) };
    const home = new HomeTenantCredentialProvider({ homeTenantId: CSP_TENANT, credential });
    expect(home.forTenant(CSP_TENANT)).toBe(credential);
    expect(() => home.forTenant(CONTOSO_TENANT)).toThrow(/only holds a credential for its home tenant/);
  });
});
