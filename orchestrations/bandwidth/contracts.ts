/**
 * The bandwidth workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 */

/* eslint-disable @typescript-eslint/no-empty-object-type -- filled as the workflow is built (issue 10) */
export interface BandwidthOrchestrationContracts {}
export interface BandwidthActivityContracts {}
/* eslint-enable @typescript-eslint/no-empty-object-type */

export const BandwidthOrchestrations = {} as const satisfies {
  readonly [Name in keyof BandwidthOrchestrationContracts]: Name;
};
export const BandwidthActivities = {} as const satisfies { readonly [Name in keyof BandwidthActivityContracts]: Name };
