/**
 * The raw SDK client, for the simulator's conformance tests that exercise the SDK's own behaviour (trust, LRO
 * polling, its default retries). Application code uses ArmNetworkAdapter; this keeps `@azure/arm-network` imported
 * from shared/adapters only.
 */
export { NetworkManagementClient } from '@azure/arm-network';
