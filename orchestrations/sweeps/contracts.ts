/**
 * The sweeps workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 */

/* eslint-disable @typescript-eslint/no-empty-object-type -- filled as the workflow is built (issue 12) */
export interface SweepOrchestrationContracts {}
export interface SweepActivityContracts {}
/* eslint-enable @typescript-eslint/no-empty-object-type */

export const SweepOrchestrations = {} as const satisfies {
  readonly [Name in keyof SweepOrchestrationContracts]: Name;
};
export const SweepActivities = {} as const satisfies { readonly [Name in keyof SweepActivityContracts]: Name };
