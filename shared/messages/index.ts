/**
 * The app's messaging contract: CloudEvents envelopes, the typed requests, the outbound events, their JSON Schemas
 * and AsyncAPI description. Pure: zod only, no Azure SDKs, no I/O.
 */
export * from './eventTypes';
export * from './envelope';
export * from './requests';
export * from './outbound';
export * from './parse';
export * from './bandwidthChange';
export * from './issues';
export * from './jsonSchema';
export * from './asyncapi';
