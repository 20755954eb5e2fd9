/**
 * The reliability suite (test/reliability, `npm run reliability`) runs long scenarios: many fault-injected passes,
 * weeks-long waits, a host stop after every step. `npm run reliability:quick` (what CI runs) sets
 * ERCSP_RELIABILITY=quick and each scenario runs a smaller but still meaningful version of itself.
 *
 * Each scenario also reports what it tried and what held (`reportScenario`): test/reliability/runSuite.ts, behind
 * both commands, prints them as one table and exits 0 only when every scenario reported and held.
 */
import { appendFileSync } from 'node:fs';

export const QUICK = process.env.ERCSP_RELIABILITY === 'quick';

/** The full-size figure, or the quick one. */
export function scaled(full: number, quick: number): number {
  return QUICK ? quick : full;
}

/** Where scenarios append their reports, one JSON object a line; set by runSuite.ts (unset: nothing is written). */
export const SUMMARY_FILE_VARIABLE = 'ERCSP_RELIABILITY_SUMMARY';

export interface ScenarioReport {
  /** Short name, the table's first column. */
  readonly scenario: string;
  /** What was tried, with its sizes (e.g. `12 full ensures at 50% faults, seed 7`). */
  readonly tried: string;
  /** What was checked to hold. */
  readonly held: string;
  /** Whether everything checked held (the test's own assertions decide too: a failed test is a failed row). */
  readonly holds: boolean;
  /** Work done twice that must be done once: a second run, a second write or resource, a second row. */
  readonly duplicates: number;
  /** Work that went missing: a request neither run nor refused, a message neither started nor parked, an update lost. */
  readonly losses: number;
  /** ARM deletes (the automation never deletes on its own). */
  readonly deletes: number;
}

/** Records a scenario's outcome for the suite's table; call it before asserting, so a failure still shows its figures. */
export function reportScenario(report: ScenarioReport): void {
  const file = process.env[SUMMARY_FILE_VARIABLE];
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify(report)}\n`);
}
