/**
 * Bounded caches: ARM clients, credentials and tenant confirmations are each dropped once their cache is full (least
 * recently used first) or once they are older than the TTL, on an injected clock; the sizes and TTLs come from
 * configuration.
 */
import { ArmClientFactory } from '../../../shared/adapters/arm/armClientFactory';
import { BoundedCache } from '../../../shared/adapters/boundedCache';
import {
  FakeTenantCredentialProvider,
  StaticSubscriptionDirectory,
  TenantScopeGuard,
  type SubscriptionDirectory,
} from '../../../shared/adapters/identity';
import { DEFAULT_ARM_RETRY_OPTIONS } from '../../../shared/adapters/arm/armRetryPolicy';
import { ConfigurationError, loadConfig } from '../../../shared/config';

const TENANTS = [
  '72f988bf-0000-4a1c-8e2d-3b4c5d6e7f80',
  '3c2b1a09-8f7e-4d6c-9b5a-493827160504',
  '0f0e0d0c-0b0a-4909-8807-060504030201',
];
const SUBSCRIPTIONS = [
  'a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b',
  'f1e2d3c4-3333-4a5b-8c6d-7e8f9a0b1c2d',
  '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b',
];
const SCOPES = TENANTS.map((tenantId, i) => ({ tenantId, subscriptionId: SUBSCRIPTIONS[i] ?? '' }));

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A directory that records every question: a cached confirmation is one the directory was not asked again. */
function countingDirectory() {
  const registry = new StaticSubscriptionDirectory(
    Object.fromEntries(SCOPES.map((s) => [s.subscriptionId, s.tenantId])),
  );
  const asked: string[] = [];
  const directory: SubscriptionDirectory = {
    tenantOfSubscription: (subscriptionId) => {
      asked.push(subscriptionId);
      return registry.tenantOfSubscription(subscriptionId);
    },
  };
  return { directory, asked };
}

describe('BoundedCache', () => {
  it('drops the least recently used entry once full', () => {
    const cache = new BoundedCache<string>({ name: 'test cache', maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // a is now more recently used than b
    cache.set('c', 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('expires an entry once it is older than its TTL, counted from when it was stored, however often it is read', () => {
    const time = clock();
    const cache = new BoundedCache<string>({ name: 'test cache', maxEntries: 10, ttlMs: 1000, now: time.now });
    cache.set('a', 'A');
    time.advance(600);
    expect(cache.get('a')).toBe('A');
    time.advance(400);
    expect(cache.get('a')).toBe('A'); // exactly 1000 ms old: not yet older than the TTL
    time.advance(1);
    expect(cache.get('a')).toBeUndefined();
    let built = 0;
    expect(cache.getOrCreate('a', () => `A${String((built += 1))}`)).toBe('A1');
    expect(cache.getOrCreate('a', () => `A${String((built += 1))}`)).toBe('A1');
  });

  it('refuses limits that are not positive integers, naming the cache and the limit', () => {
    expect(() => new BoundedCache({ name: 'ARM client cache', maxEntries: 0, ttlMs: 1 })).toThrow(
      'ARM client cache: maxEntries must be a positive integer, got 0',
    );
    expect(() => new BoundedCache({ name: 'credential cache', maxEntries: 1, ttlMs: Number.NaN })).toThrow(
      'credential cache: ttlMs must be a positive integer, got NaN',
    );
  });
});

describe('ARM client cache', () => {
  function factory(time: ReturnType<typeof clock>) {
    const { directory } = countingDirectory();
    const guard = new TenantScopeGuard({ directory, credentials: new FakeTenantCredentialProvider() });
    return new ArmClientFactory({
      endpoint: 'https://management.azure.com',
      guard,
      retry: DEFAULT_ARM_RETRY_OPTIONS,
      clientCache: { maxEntries: 2, ttlMs: 10 * 60_000 },
      now: time.now,
    });
  }

  it('keeps at most its size: the least recently used client is built again', async () => {
    const clients = factory(clock());
    const [first, second, third] = SCOPES as [(typeof SCOPES)[0], (typeof SCOPES)[0], (typeof SCOPES)[0]];
    const firstClient = await clients.clientFor(first);
    await clients.clientFor(second);
    expect(await clients.clientFor(first)).toBe(firstClient);
    await clients.clientFor(third); // evicts `second`, the least recently used
    expect(clients.cachedClientCount).toBe(2);
    expect(await clients.clientFor(first)).toBe(firstClient);
    const secondAgain = await clients.clientFor(second); // evicts `third`
    expect(clients.cachedClientCount).toBe(2);
    expect(await clients.clientFor(second)).toBe(secondAgain);
  });

  it('builds a client again once it is older than the TTL', async () => {
    const time = clock();
    const clients = factory(time);
    const scope = SCOPES[0] ?? { tenantId: '', subscriptionId: '' };
    const client = await clients.clientFor(scope);
    time.advance(10 * 60_000);
    expect(await clients.clientFor(scope)).toBe(client);
    time.advance(1);
    expect(await clients.clientFor(scope)).not.toBe(client);
  });
});

describe('credential cache', () => {
  it('keeps one credential per tenant within its size and TTL', () => {
    const time = clock();
    const provider = new FakeTenantCredentialProvider({ cache: { maxEntries: 2, ttlMs: 60_000, now: time.now } });
    const [a, b, c] = TENANTS as [string, string, string];
    const credentialA = provider.forTenant(a);
    expect(provider.forTenant(a.toUpperCase())).toBe(credentialA);
    provider.forTenant(b);
    provider.forTenant(c); // evicts a
    expect(provider.forTenant(a)).not.toBe(credentialA);
    const credentialC = provider.forTenant(c);
    time.advance(60_001);
    expect(provider.forTenant(c)).not.toBe(credentialC);
  });
});

describe('tenant confirmation cache', () => {
  it('asks the directory again for a pair dropped for room, and for one older than the TTL', async () => {
    const time = clock();
    const { directory, asked } = countingDirectory();
    const guard = new TenantScopeGuard({
      directory,
      credentials: new FakeTenantCredentialProvider(),
      confirmationTtlMs: 30_000,
      confirmationCacheSize: 2,
      now: time.now,
    });
    const [first, second, third] = SCOPES as [(typeof SCOPES)[0], (typeof SCOPES)[0], (typeof SCOPES)[0]];
    await guard.verify(first);
    await guard.verify(second);
    await guard.verify(first);
    expect(asked).toHaveLength(2);
    await guard.verify(third); // evicts `second`
    expect(guard.confirmedCount).toBe(2);
    await guard.verify(second);
    expect(asked).toHaveLength(4);
    time.advance(30_001);
    await guard.verify(second);
    expect(asked).toHaveLength(5);
  });
});

describe('cache settings', () => {
  const REQUIRED = {
    ERCSP_CSP_TENANT_ID: TENANTS[2],
    ERCSP_CSP_SUBSCRIPTION_IDS: SUBSCRIPTIONS[2],
    ERCSP_CREDENTIAL_MODE: 'fake',
    ERCSP_TABLES_CONNECTION: 'UseDevelopmentStorage=true',
  };

  it('defaults, and reads each size and TTL', () => {
    expect(loadConfig(REQUIRED).arm.caches).toEqual({
      clients: { maxEntries: 1000, ttlMs: 3_600_000 },
      credentials: { maxEntries: 1000, ttlMs: 3_600_000 },
      tenantConfirmations: { maxEntries: 10_000, ttlMs: 60_000 },
    });
    const caches = loadConfig({
      ...REQUIRED,
      ERCSP_ARM_CLIENT_CACHE_SIZE: '50',
      ERCSP_CREDENTIAL_CACHE_SIZE: '20',
      ERCSP_CLIENT_CACHE_TTL: '30m',
      ERCSP_TENANT_CONFIRMATION_CACHE_SIZE: '500',
      ERCSP_TENANT_CONFIRMATION_TTL: '5m',
    }).arm.caches;
    expect(caches).toEqual({
      clients: { maxEntries: 50, ttlMs: 1_800_000 },
      credentials: { maxEntries: 20, ttlMs: 1_800_000 },
      tenantConfirmations: { maxEntries: 500, ttlMs: 300_000 },
    });
  });

  it('refuses a size or TTL of zero, naming the setting', () => {
    const load = () =>
      loadConfig({ ...REQUIRED, ERCSP_ARM_CLIENT_CACHE_SIZE: '0', ERCSP_TENANT_CONFIRMATION_TTL: '0s' });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/ERCSP_ARM_CLIENT_CACHE_SIZE/);
    expect(load).toThrow(/ERCSP_TENANT_CONFIRMATION_TTL/);
  });
});
