import { TenantScopeGuard } from '../identity';
import { ArmClientFactory } from './armClientFactory';
import type { ArmNetworkAdapterOptions, ResolvedArmNetworkAdapterOptions } from './armNetworkAdapterOptions';

/**
 * The ARM clients every part of the adapter uses, built one way from the adapter's options: per-tenant credentials
 * behind the tenant guard, the configured endpoint and trust, and the one retry policy (retryBudget.ts).
 */
export function clientsFromOptions(
  options: ArmNetworkAdapterOptions,
  settings: ResolvedArmNetworkAdapterOptions,
): ArmClientFactory {
  const guard = new TenantScopeGuard({
    directory: options.subscriptions,
    credentials: options.credentials,
    ...(options.guardConfirmationTtlMs === undefined ? {} : { confirmationTtlMs: options.guardConfirmationTtlMs }),
    ...(options.guardConfirmationCacheSize === undefined
      ? {}
      : { confirmationCacheSize: options.guardConfirmationCacheSize }),
    ...(options.cacheClock === undefined ? {} : { now: options.cacheClock }),
  });
  return new ArmClientFactory({
    endpoint: settings.endpoint,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    guard,
    ...(options.clientCache === undefined ? {} : { clientCache: options.clientCache }),
    ...(options.cacheClock === undefined ? {} : { now: options.cacheClock }),
    ...(options.tls?.caPem === undefined ? {} : { caPem: options.tls.caPem }),
    retry: settings.retry,
    retryHooks: {
      sleep: settings.sleep,
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
      ...(options.random === undefined ? {} : { random: options.random }),
    },
  });
}
