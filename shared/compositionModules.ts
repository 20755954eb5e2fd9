/**
 * What `createComposition` (composition.ts) builds the app from: the adapters and the configuration reader. The
 * composition requires this module when it is first built, at the first activity or trigger call, so that importing
 * the app's registrations (a cold start) loads none of it. `test/unit/coldStart.test.ts` holds that.
 */
export { workflowClientFor } from './adapters/durable/workflowClient';
export { ArmNetworkAdapter } from './adapters/arm';
export { ArmCircuitCounter } from './adapters/arm/armCircuitCounter';
export { ResourceGraphInventory } from './adapters/resourcegraph/resourceGraphInventory';
export {
  CertificateAppCredentialProvider,
  CspSubscriptionDirectory,
  FakeTenantCredentialProvider,
  FederatedAppCredentialProvider,
  HomeTenantCredentialProvider,
} from './adapters/identity';
export { appCredential } from './adapters/identity/appCredential';
export { EnvironmentSecretResolver } from './adapters/secrets/environmentSecretResolver';
export { KeyVaultSecretResolver } from './adapters/secrets/keyVaultSecretResolver';
export { ServiceBusOutboundEvents } from './adapters/servicebus';
export { createTableAdapters } from './adapters/tables/createTableAdapters';
export { loadConfig } from './config';
