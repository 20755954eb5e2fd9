/**
 * The Azure SDKs, each loaded on its first use rather than when the app's registrations are imported: a cold start
 * pays for the Functions and Durable libraries only, and an SDK when the first activity or trigger needs it (a
 * Function App that never publishes to Service Bus never loads it). Adapters import SDK *types* at the top
 * (`import type`, erased at compile time) and reach the SDK's values through these functions, inside their factories
 * and constructors. `test/unit/coldStart.test.ts` proves that importing the registrations loads none of them.
 *
 * `require` is synchronous and cached by Node, so a second call costs a cache lookup; it keeps constructors
 * synchronous, which `await import()` would not (and ts-jest runs CommonJS, where `import()` needs VM modules).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deferred loading is the point of this module */
import type * as ArmNetwork from '@azure/arm-network';
import type * as ResourceGraph from '@azure/arm-resourcegraph';
import type * as DataTables from '@azure/data-tables';
import type * as Identity from '@azure/identity';
import type * as KeyVaultSecrets from '@azure/keyvault-secrets';
import type * as MonitorOpenTelemetry from '@azure/monitor-opentelemetry';
import type * as ServiceBus from '@azure/service-bus';

/** The SDKs the app defers, by package name: what the cold-start test checks stays unloaded at import. */
export const DEFERRED_SDKS = [
  '@azure/arm-network',
  '@azure/identity',
  '@azure/service-bus',
  '@azure/data-tables',
  '@azure/keyvault-secrets',
  '@azure/arm-resourcegraph',
  '@azure/monitor-opentelemetry',
] as const;

export function armNetworkSdk(): typeof ArmNetwork {
  return require('@azure/arm-network') as typeof ArmNetwork;
}

export function identitySdk(): typeof Identity {
  return require('@azure/identity') as typeof Identity;
}

export function serviceBusSdk(): typeof ServiceBus {
  return require('@azure/service-bus') as typeof ServiceBus;
}

export function dataTablesSdk(): typeof DataTables {
  return require('@azure/data-tables') as typeof DataTables;
}

export function keyVaultSecretsSdk(): typeof KeyVaultSecrets {
  return require('@azure/keyvault-secrets') as typeof KeyVaultSecrets;
}

export function resourceGraphSdk(): typeof ResourceGraph {
  return require('@azure/arm-resourcegraph') as typeof ResourceGraph;
}

export function monitorOpenTelemetrySdk(): typeof MonitorOpenTelemetry {
  return require('@azure/monitor-opentelemetry') as typeof MonitorOpenTelemetry;
}
