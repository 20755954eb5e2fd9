/**
 * The decommission workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 */

/* eslint-disable @typescript-eslint/no-empty-object-type -- filled as the workflow is built (issue 9) */
export interface DecommissionOrchestrationContracts {}
export interface DecommissionActivityContracts {}
/* eslint-enable @typescript-eslint/no-empty-object-type */

export const DecommissionOrchestrations = {} as const satisfies {
  readonly [Name in keyof DecommissionOrchestrationContracts]: Name;
};
export const DecommissionActivities = {} as const satisfies {
  readonly [Name in keyof DecommissionActivityContracts]: Name;
};
