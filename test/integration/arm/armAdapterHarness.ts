/**
 * The real adapter (real `@azure/arm-network` client, over HTTPS) against the local ARM simulator, configured the way
 * the composition root would configure it from settings: the simulator's endpoint and CA, a zero poll interval (the
 * simulator's virtual clock does the waiting), the default retry budget with small delays, the test MD5 secret, fake
 * per-tenant tokens. The adapter's own waits (retry delays, the settle wait for a resource found mid-operation) move
 * the simulator's virtual clock instead of real time: a GET does not move it, so a resource read again and again
 * would otherwise never settle.
 */
import type { ArmSimulatorOptions } from '../../../local/arm';
import { ArmNetworkAdapter } from '../../../shared/adapters/arm';
import type { ArmNetworkAdapterOptions, RetryEvent } from '../../../shared/adapters/arm';
import { DEFAULT_TRANSPORT_RETRIES } from '../../../shared/adapters/arm';
import { FakeTenantCredentialProvider, StaticSubscriptionDirectory } from '../../../shared/adapters/identity';
import type { TestArmSimulator } from '../../support/armSimulator';
import { startTestArmSimulator } from '../../support/armSimulator';
import { SUBSCRIPTION_TENANTS, testSecretResolver } from '../../support/topologies';

export interface AdapterHarness {
  readonly sim: TestArmSimulator;
  readonly adapter: ArmNetworkAdapter;
  readonly credentials: FakeTenantCredentialProvider;
  /** Every request retry the adapter's pipeline made. */
  readonly retries: RetryEvent[];
  /** Another adapter on the same simulator (e.g. a second worker), with its own options. */
  readonly adapterWith: (overrides: Partial<ArmNetworkAdapterOptions>) => ArmNetworkAdapter;
}

export const TEST_RETRY = { maxRetries: DEFAULT_TRANSPORT_RETRIES, baseDelayMs: 1, maxDelayMs: 20 } as const;

/** How far the virtual clock moves for each settle read (ARM's own LRO polls are 10 s or more apart). */
export const TEST_SETTLE_INTERVAL_MS = 15_000;

export async function startAdapterHarness(
  options: { simulator?: ArmSimulatorOptions; adapter?: Partial<ArmNetworkAdapterOptions> } = {},
): Promise<AdapterHarness> {
  const sim = await startTestArmSimulator({ provider: { provisionAfterMs: 'never' }, ...options.simulator });
  const credentials = new FakeTenantCredentialProvider();
  const retries: RetryEvent[] = [];
  const adapterWith = (overrides: Partial<ArmNetworkAdapterOptions>) =>
    new ArmNetworkAdapter({
      endpoint: sim.endpoint,
      // The token audience stays the public cloud's, as a private endpoint in front of ARM would expect.
      audience: 'https://management.azure.com',
      tls: { caPem: sim.caPem },
      credentials,
      subscriptions: new StaticSubscriptionDirectory(SUBSCRIPTION_TENANTS),
      // core-lro ignores `Retry-After: 0`, so the interval decides; the virtual clock makes 0 safe.
      pollIntervalMs: 0,
      retry: TEST_RETRY,
      readAfterWrite: { attempts: 5, intervalMs: 0 },
      settleIntervalMs: TEST_SETTLE_INTERVAL_MS,
      sleep: (ms) => {
        sim.clock.advanceBy(ms);
        return Promise.resolve();
      },
      secrets: testSecretResolver,
      onRetry: (event) => retries.push(event),
      ...options.adapter,
      ...overrides,
    });
  return { sim, adapter: adapterWith({}), credentials, retries, adapterWith };
}

/** Writes and deletes the simulator saw since its counters were last reset. */
export function writesSeen(sim: TestArmSimulator): { writes: number; deletes: number } {
  const { writes, deletes } = sim.control.counters().total;
  return { writes, deletes };
}
