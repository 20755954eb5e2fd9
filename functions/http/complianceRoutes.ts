/** Names, routes and schedule of the compliance triggers (functions/compliance.http.ts, complianceSweep.timer.ts). */
export const ComplianceFunctions = {
  startSweep: { name: 'complianceStartSweep', route: 'compliance/sweeps' },
  sweepReport: { name: 'complianceSweepReport', route: 'compliance/sweeps/{sweepId}' },
  findings: { name: 'complianceFindings', route: 'compliance/findings' },
} as const;

/** The timer reads its schedule from the app setting (hourly by default; shared/config.ts DEFAULT_SWEEP_SCHEDULE). */
export const COMPLIANCE_SWEEP_TIMER = { name: 'complianceSweepTimer', schedule: '%ERCSP_SWEEP_SCHEDULE%' } as const;

/** A sweep id made from the time, unique to the millisecond: `sweep-20261204230007123`. */
export function newSweepId(now: Date): string {
  return `sweep-${now
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 17)}`;
}

/** `timer-202612042300`: the minute the timer fired in (UTC), so a duplicate firing finds its sweep running. */
export function timerSweepId(firedAt: Date): string {
  return `timer-${firedAt
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 12)}`;
}
