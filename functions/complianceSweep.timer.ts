/**
 * The scheduled compliance sweep: `%ERCSP_SWEEP_SCHEDULE%` (an app setting, hourly by default: `0 0 * * * *`),
 * resolved by the Functions host. Each firing starts one sweep, named by the minute it fired in, so a duplicate
 * firing finds it running and starts nothing. The sweep itself is the `complianceSweep` orchestration.
 */
import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type * as ComplianceSweepHandler from './handlers/complianceSweep';
import { COMPLIANCE_SWEEP_TIMER } from './http/complianceRoutes';
import { lazyHandler } from './support/lazyHandler';

function handlers(): typeof ComplianceSweepHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/complianceSweep') as typeof ComplianceSweepHandler;
}

app.timer(COMPLIANCE_SWEEP_TIMER.name, {
  schedule: COMPLIANCE_SWEEP_TIMER.schedule,
  extraInputs: [df.input.durableClient()],
  handler: lazyHandler(() => handlers().complianceSweepTimerHandler),
});
