/**
 * The reliability suite (test/reliability, `npm run reliability`) runs long scenarios: many fault-injected passes,
 * weeks-long waits, a host stop after every step. `npm run reliability:quick` (what CI runs) sets
 * ERCSP_RELIABILITY=quick and each scenario runs a smaller but still meaningful version of itself.
 */
export const QUICK = process.env.ERCSP_RELIABILITY === 'quick';

/** The full-size figure, or the quick one. */
export function scaled(full: number, quick: number): number {
  return QUICK ? quick : full;
}
