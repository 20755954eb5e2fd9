/**
 * The compliance API (docs/compliance.md; contracts in shared/messages/compliance.ts):
 *   POST /api/compliance/sweeps                   start a sweep now (202 with the report's link; 409 if the id ran)
 *   GET  /api/compliance/sweeps/{sweepId}         the sweep's report (404 unknown)
 *   GET  /api/compliance/findings?customerId=…    the customer's open findings, most severe first
 * Errors are RFC 9457 problem+json with `errors[].path` (functions/http/problemDetails.ts).
 */
import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type * as ComplianceHandlers from './handlers/compliance';
import { ComplianceFunctions } from './http/complianceRoutes';
import { withProblemOnError } from './http/problemOnError';
import { lazyHandler } from './support/lazyHandler';

function handlers(): typeof ComplianceHandlers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/compliance') as typeof ComplianceHandlers;
}

app.http(ComplianceFunctions.startSweep.name, {
  methods: ['POST'],
  authLevel: 'function',
  route: ComplianceFunctions.startSweep.route,
  extraInputs: [df.input.durableClient()],
  handler: withProblemOnError(
    ComplianceFunctions.startSweep.name,
    lazyHandler(() => handlers().startSweepHandler),
  ),
});
app.http(ComplianceFunctions.sweepReport.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: ComplianceFunctions.sweepReport.route,
  handler: withProblemOnError(
    ComplianceFunctions.sweepReport.name,
    lazyHandler(() => handlers().sweepReportHandler),
  ),
});
app.http(ComplianceFunctions.findings.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: ComplianceFunctions.findings.route,
  handler: withProblemOnError(
    ComplianceFunctions.findings.name,
    lazyHandler(() => handlers().findingsHandler),
  ),
});
