export { ArmNetworkAdapter } from './armNetworkAdapter';
export { ArmCircuitCounter } from './armCircuitCounter';
export type { ArmNetworkAdapterOptions } from './armNetworkAdapterOptions';
export {
  DEFAULT_OPERATION_ATTEMPTS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_READ_AFTER_WRITE_ATTEMPTS,
  DEFAULT_SETTLE_ATTEMPTS,
} from './armNetworkAdapterOptions';
export {
  ARM_CALL_MAX_ATTEMPTS,
  DEFAULT_TRANSPORT_RETRIES,
  attemptsPerArmCall,
  businessRetriesWithin,
  resolveRetryBudget,
} from './retryBudget';
export type { RetryBudget } from './retryBudget';
export { PUBLIC_CLOUD_ARM_ENDPOINT, createNetworkClient } from './armClientFactory';
export type { NetworkClientOptions } from './armClientFactory';
export { ArmAdapterErrorCodes } from './armErrorCodes';
export { DEFAULT_ARM_RETRY_OPTIONS } from './armRetryPolicy';
export type { ArmRetryOptions, RetryEvent } from './armRetryPolicy';
export { DEFAULT_MANAGED_TAG } from './ownership';
export type { ManagedTag } from './ownership';
export type { SecretResolver } from '../../ports/secrets';
export { fromIntent, toIntent } from './mapping/intentMapping';
